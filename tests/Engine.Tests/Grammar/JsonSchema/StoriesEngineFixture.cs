using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Grammar.JsonSchema;

/// <summary>One <see cref="LlamaEngine"/> on stories260K (vocab 512 with byte fallback, so under a grammar it can
/// write any JSON), n_ctx 512 per sequence, 4 sequences: the default model and window of the app.</summary>
public sealed class StoriesEngineFixture : IAsyncLifetime
{
    /// <summary>Parallel sequences.</summary>
    public const int Sequences = 4;

    /// <summary>The engine.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.ParallelSequences = Sequences;
            o.ContextSize = 512;
        }));
        await Engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();
}
