using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Generation;

/// <summary>One <see cref="LlamaEngine"/> on TinyStories-656K (512-token window, 8 sequences), shared by the
/// generation tests of a class.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    /// <summary>Slots of the shared engine.</summary>
    public const int Sequences = 8;

    /// <summary>The engine.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    /// <summary>The loaded model.</summary>
    public ModelInfo Model { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(Options());
        Model = await Engine.LoadModelAsync(ModelPath("TinyStories-656K-Q8_0.gguf"), null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await Engine.DisposeAsync();

    /// <summary>Engine options for the tests: 1 thread, the model's own window, 8 sequences.</summary>
    public static EngineOptions Options(int sequences = Sequences, int batchSize = 512, int contextSize = 0) => TestModels.Options(o =>
    {
        o.Threads = 1; // the test machines are shared: ggml worker threads spin, so more threads than free cores is slow
        o.ParallelSequences = sequences;
        o.BatchSize = batchSize;
        o.ContextSize = contextSize;
    });

    /// <summary>Full path of a model in <c>&lt;repo&gt;/../shared/models</c>.</summary>
    public static string ModelPath(string fileName) => TestModels.Path(fileName);
}
