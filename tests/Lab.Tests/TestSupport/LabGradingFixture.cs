using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Grading.Gateway;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>
/// The real grading stack for tests: a <see cref="LlamaEngine"/> (1 thread, 2 sequences) with one model loaded and the
/// services of <c>AddLabGrading</c> on a temporary data directory (sandbox runs and the gateway's socket live there),
/// over the repository's <c>labs/</c>. Subclasses pick the model and the window; disposing stops the gateway and the
/// engine and deletes the directory.
/// </summary>
/// <param name="modelPath">Full path of the model to load (also the engine's default model).</param>
/// <param name="contextSize">The per-sequence context window (n_ctx); 0 for the model's own.</param>
public abstract class LabGradingFixture(string modelPath, int contextSize) : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The engine behind the graders and the gateway.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    /// <summary>The data directory (<c>LabOptions.DataDirectory</c>).</summary>
    public TempDirectory Data { get; } = new();

    /// <summary>The grading services.</summary>
    public IServiceProvider Services => _services ?? throw new InvalidOperationException("Not initialised.");

    /// <summary>The <see cref="IExerciseGrader"/> as the app registers it.</summary>
    public IExerciseGrader Grader => Services.GetRequiredService<IExerciseGrader>();

    /// <summary>The compiler singleton.</summary>
    public CSharpCompiler Compiler => Services.GetRequiredService<CSharpCompiler>();

    /// <summary>The gateway singleton (started by the first code grading or by a test).</summary>
    public GradingGateway Gateway => Services.GetRequiredService<GradingGateway>();

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.DefaultModel = modelPath;
            o.ParallelSequences = 2;
            o.ContextSize = contextSize;
        }));
        await Engine.LoadModelAsync(modelPath, null, CancellationToken.None);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IInferenceEngine>(Engine);
        services.AddOptions<LabOptions>().Configure(o =>
        {
            o.DataDirectory = Data.Path;
            o.ContentDirectory = RealLabs.ContentDirectory;
        });
        services.AddLabGrading();
        _services = services.BuildServiceProvider();
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Engine.DisposeAsync();
        Data.Dispose();
    }
}
