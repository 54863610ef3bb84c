using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workbench.Engine.Models;
using Workbench.Lab.Grading.Code;
using Workbench.Lab.Grading.Gateway;
using Workbench.Lab.Grading.Property;
using Workbench.Lab.Grading.Quiz;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab.Grading.Training;

namespace Workbench.Lab.Grading;

/// <summary>Registers the Grading services of the lab platform.</summary>
public static class LabGradingServiceCollectionExtensions
{
    /// <summary>
    /// Adds the graders as singletons: <see cref="IExerciseGrader"/> (<see cref="ExerciseGrader"/>),
    /// <see cref="CodeGrader"/>, <see cref="PropertyGrader"/>, <see cref="QuizGrader"/>, <see cref="TrainingCorpusGrader"/> with its <see cref="ICorpusFineTuner"/> (<see cref="ToolModelFineTuner"/> on the first <c>workbench-tools.gguf</c> in the engine's <see cref="ModelCatalog"/> directories, else <c>models/</c>), <see cref="CSharpCompiler"/>
    /// (also for the editor's live diagnostics), <see cref="SandboxCapabilities"/> (detected once),
    /// <see cref="SandboxLauncher"/> (resolved at host start: it cleans up after dead web processes), <see cref="SandboxRunner"/> and <see cref="GradingGateway"/>
    /// (started on the first code grading, stopped with the host). Called by <c>AddLab</c>. Expects the host to
    /// register <c>IInferenceEngine</c> (the graders use whichever is registered, quota-wrapped or not),
    /// <c>IOptions&lt;LabOptions&gt;</c> and logging.
    /// </summary>
    /// <param name="services">The service collection.</param>
    public static IServiceCollection AddLabGrading(this IServiceCollection services)
    {
        services.TryAddSingleton<CSharpCompiler>();
        services.TryAddSingleton(_ => SandboxCapabilities.Detect());
        services.TryAddSingleton<SandboxLauncher>();
        services.AddHostedService<SandboxStartupCleanup>();
        services.TryAddSingleton<SandboxRunner>();
        services.TryAddSingleton<GradingGateway>();
        services.TryAddSingleton<CodeGrader>();
        services.TryAddSingleton<PropertyGrader>();
        services.TryAddSingleton<QuizGrader>();
        services.TryAddSingleton<ICorpusFineTuner>(sp => ToolModelFineTuner.InModelDirectories(sp.GetService<ModelCatalog>()?.Directories,
            sp.GetService<Microsoft.Extensions.Options.IOptions<LabOptions>>()?.Value.FineTuneMaxSteps ?? 0));
        services.TryAddSingleton<TrainingCorpusGrader>();
        services.TryAddSingleton<IExerciseGrader, ExerciseGrader>();
        return services;
    }
}
