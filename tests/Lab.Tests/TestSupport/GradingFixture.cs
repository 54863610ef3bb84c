using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Grading.Gateway;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>
/// The real grading stack for tests: a <see cref="LlamaEngine"/> on TinyStories-656K (1 thread, 2 sequences, the
/// model's 512-token window) and the services of <c>AddLabGrading</c> on a temporary data directory (sandbox runs
/// and the gateway's socket live there). Shared by the tests of the <see cref="GradingCollection"/>; disposing it
/// stops the gateway and the engine and deletes the directory.
/// </summary>
public sealed class GradingFixture : IAsyncLifetime
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

    /// <summary>The repository's <c>labs/</c> (<c>LabOptions.ContentDirectory</c>).</summary>
    public static string ContentDirectory => Path.Combine(TestModels.RepoRoot, "labs");

    /// <summary>Lab 01 as the content loader reads it from the repository's <c>labs/</c>.</summary>
    public LabDefinition Lab01 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.ParallelSequences = 2;
            o.ContextSize = 0;
        }));
        await Engine.LoadModelAsync(TestModels.TinyStories, null, CancellationToken.None);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IInferenceEngine>(Engine);
        services.AddOptions<LabOptions>().Configure(o =>
        {
            o.DataDirectory = Data.Path;
            o.ContentDirectory = ContentDirectory;
        });
        services.AddLabGrading();
        _services = services.BuildServiceProvider();

        Lab01 = LabCatalogLoader.Load(ContentDirectory, LabWidgets.Names)
            .Single(l => l.Id == "01-chat-completions");
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Engine.DisposeAsync();
        Data.Dispose();
    }
}

/// <summary>The tests sharing one <see cref="GradingFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class GradingCollection : ICollectionFixture<GradingFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "grading";
}
