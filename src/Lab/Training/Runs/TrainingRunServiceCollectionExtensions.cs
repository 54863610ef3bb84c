using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Training.Runs;

/// <summary>Registers the browser training runs (issue 15, lab 09).</summary>
public static class TrainingRunServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="TrainingRunOptions"/> from the <c>Training</c> section (<c>Command</c> relative to
    /// <paramref name="contentRoot"/>, empty = <c>Workbench.Train</c> next to the app; <c>OutputDirectory</c> empty =
    /// <c>Engine:OutputModelDirectory</c>, the model catalog's own writable folder, so a finished model is listed on the
    /// Model page and loadable in the chat (and <c>{Lab:DataDirectory}/trained</c> when that is empty too); <c>MaxMinutes</c> within 1..60, validated on start; the working directory
    /// is <paramref name="contentRoot"/>) and registers <see cref="TrainingRunService"/> as a singleton.
    /// Expects <see cref="LabOptions"/> and <c>EngineOptions</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Training</c> section.</param>
    /// <param name="contentRoot">The folder relative paths resolve against.</param>
    public static IServiceCollection AddTrainingRuns(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<TrainingRunOptions>()
            .Bind(configuration.GetSection(TrainingRunOptions.SectionName))
            .PostConfigure<IOptions<LabOptions>, IOptions<Engine.EngineOptions>>((o, lab, engine) =>
            {
                o.Command = string.IsNullOrWhiteSpace(o.Command)
                    ? Path.Combine(AppContext.BaseDirectory, "Workbench.Train")
                    : Path.GetFullPath(o.Command, contentRoot);
                o.OutputDirectory = !string.IsNullOrWhiteSpace(o.OutputDirectory) ? Path.GetFullPath(o.OutputDirectory, contentRoot)
                    : !string.IsNullOrWhiteSpace(engine.Value.OutputModelDirectory) ? Path.GetFullPath(engine.Value.OutputModelDirectory, contentRoot)
                    : Path.Combine(Path.GetFullPath(lab.Value.DataDirectory, contentRoot), "trained");
                o.WorkingDirectory = Path.GetFullPath(contentRoot);
            })
            .Validate(o => o.MaxMinutes is >= 1 and <= 60, "Training:MaxMinutes must be within 1..60.")
            .ValidateOnStart();
        services.AddSingleton<TrainingRunService>();
        return services;
    }
}
