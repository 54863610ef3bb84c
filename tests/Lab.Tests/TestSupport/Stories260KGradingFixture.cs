using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;

namespace Workbench.Lab.Tests.TestSupport;

/// <summary>
/// The grading services of <c>AddLabGrading</c> on a <see cref="LlamaEngine"/> running stories260K (1 thread,
/// 2 sequences of 512 tokens): the model for JSON and grammar exercises, since its byte-fallback vocabulary can write
/// any text (TinyStories-656K cannot encode <c>{</c>). Shared by the tests of the <see cref="Stories260KGradingCollection"/>.
/// </summary>
public sealed class Stories260KGradingFixture : IAsyncLifetime
{
    private ServiceProvider? _services;

    /// <summary>The engine behind the graders.</summary>
    public LlamaEngine Engine { get; private set; } = null!;

    /// <summary>The data directory (<c>LabOptions.DataDirectory</c>).</summary>
    public TempDirectory Data { get; } = new();

    /// <summary>The <see cref="IExerciseGrader"/> as the app registers it.</summary>
    public IExerciseGrader Grader => (_services ?? throw new InvalidOperationException("Not initialised.")).GetRequiredService<IExerciseGrader>();

    /// <summary>Lab 04 as the content loader reads it from the repository's <c>labs/</c>.</summary>
    public LabDefinition Lab04 { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Engine = new LlamaEngine(TestModels.Options(o =>
        {
            o.DefaultModel = TestModels.Stories260K;
            o.ParallelSequences = 2;
            o.ContextSize = 512;
        }));
        await Engine.LoadModelAsync(TestModels.Stories260K, null, CancellationToken.None);

        var services = new ServiceCollection();
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IInferenceEngine>(Engine);
        services.AddOptions<LabOptions>().Configure(o =>
        {
            o.DataDirectory = Data.Path;
            o.ContentDirectory = GradingFixture.ContentDirectory;
        });
        services.AddLabGrading();
        _services = services.BuildServiceProvider();

        Lab04 = LabCatalogLoader.Load(GradingFixture.ContentDirectory, LabWidgets.Names).Single(l => l.Id == "04-structured-output");
    }

    public async Task DisposeAsync()
    {
        if (_services is not null) await _services.DisposeAsync();
        await Engine.DisposeAsync();
        Data.Dispose();
    }
}

/// <summary>The tests sharing one <see cref="Stories260KGradingFixture"/> (they run one after another).</summary>
[CollectionDefinition(Name)]
public sealed class Stories260KGradingCollection : ICollectionFixture<Stories260KGradingFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "grading-stories260K";
}
