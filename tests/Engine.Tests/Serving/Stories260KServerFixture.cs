using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The real API in process on stories260K (no chat template; 512-token window, 2 sequences): the rendering
/// tests' server.</summary>
public sealed class Stories260KServerFixture()
    : OpenAiApiServerFixture<LlamaEngine>(TestModels.Stories260K, 512, TimeSpan.FromSeconds(60));

/// <summary>The test collection sharing one <see cref="Stories260KServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class Stories260KServerCollection : ICollectionFixture<Stories260KServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "stories260K api";
}
