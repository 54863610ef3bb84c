using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>The real API in process on stories260K (byte fallback, so a tool-call grammar can write any call; no
/// template of its own, so tools are rendered by the fallback Hermes template) with a 2048-token window: a tool
/// definition is ~200 tokens in its byte-level vocabulary, more than its native 512 allow with a reply.</summary>
public sealed class ToolCallServerFixture()
    : OpenAiApiServerFixture<IInferenceEngine>(TestModels.Stories260K, 2048, TimeSpan.FromSeconds(120));

/// <summary>The test collection sharing one <see cref="ToolCallServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ToolCallServerCollection : ICollectionFixture<ToolCallServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "tool-call api";
}
