using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

/// <summary>
/// The real API in process on stories260K (vocab 512 with byte-fallback tokens, so under a grammar it can write any
/// JSON), 512-token window, 2 sequences. Shared by the structured-output and grammar-trace tests, which also call
/// <see cref="OpenAiApiServerFixture{TEngine}.Engine"/> in process to compare with what crosses the wire.
/// </summary>
public sealed class ResponseFormatServerFixture()
    : OpenAiApiServerFixture<IInferenceEngine>(TestModels.Stories260K, ContextSize, TimeSpan.FromSeconds(120))
{
    /// <summary>The per-sequence context window (n_ctx) the fixture configures.</summary>
    public const int ContextSize = 512;
}

/// <summary>The test collection sharing one <see cref="ResponseFormatServerFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ResponseFormatCollection : ICollectionFixture<ResponseFormatServerFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "response-format";
}
