using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Workbench.Lab.Agent;
using Workbench.Lab.Backends;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Mcp;
using Workbench.Lab.Quotas;
using Workbench.Lab.Storage;
using Workbench.Lab.Tools.Builtin;
using Workbench.Lab.Training.Runs;

namespace Workbench.Lab;

/// <summary>Registers the teaching domain: content, storage, grading, classrooms and engine quotas.</summary>
public static class LabServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LabOptions"/> from the <c>Lab</c> section (relative directories resolve against
    /// <paramref name="contentRoot"/>, the repository root under <c>dotnet run</c>) and registers every Lab service.
    /// Expects the engine (<c>IInferenceEngine</c>, <c>EngineOptions</c>) to be registered by the host.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Lab</c> section.</param>
    /// <param name="contentRoot">The folder relative paths resolve against.</param>
    public static IServiceCollection AddLab(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LabOptions>()
            .Bind(configuration.GetSection(LabOptions.SectionName))
            .PostConfigure(o =>
            {
                o.ContentDirectory = Path.GetFullPath(o.ContentDirectory, contentRoot);
                o.DataDirectory = Path.GetFullPath(o.DataDirectory, contentRoot);
            })
            .Validate(o => o.GradingConcurrency is >= 1 and <= 16, "Lab:GradingConcurrency must be within 1..16.")
            .Validate(o => o.ModelWaitSeconds is >= 0 and <= 600, "Lab:ModelWaitSeconds must be within 0..600.")
            .ValidateOnStart();

        services.AddLabContent();
        services.AddLabStorage();
        services.AddLabGrading();
        services.AddClassrooms();
        services.AddEngineQuotas();
        services.AddMcpClient(configuration, contentRoot);
        services.AddAgent(configuration, contentRoot);
        services.AddChatBackends(configuration);
        services.AddTrainingRuns(configuration, contentRoot);
        services.AddSingleton(sp => new BuiltinTools(
            sp.GetLabOptions().ContentDirectory, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }

    /// <summary>The resolved options (a convenience for hosts composing services by hand).</summary>
    /// <param name="provider">The service provider.</param>
    public static LabOptions GetLabOptions(this IServiceProvider provider) => provider.GetRequiredService<IOptions<LabOptions>>().Value;
}
