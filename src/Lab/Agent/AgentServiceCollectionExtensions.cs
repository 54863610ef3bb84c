using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Lab.Agent.Experiments;
using Workbench.Lab.Agent.Sandboxed;

namespace Workbench.Lab.Agent;

/// <summary>Registers the coding agent's services (issue 14): options, task catalogue, sandboxed commands, the A/B
/// experiment runner and its store.</summary>
public static class AgentServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="AgentOptions"/> from the <c>Agent</c> section (task folders relative to
    /// <paramref name="contentRoot"/>; none configured = <see cref="AgentOptions.DefaultTaskDirectory"/>;
    /// <c>MaxConcurrentRuns</c> within 1..16, validated on start) and registers, as singletons,
    /// <see cref="AgentTaskCatalog"/>, <see cref="AgentCommandRunner"/>, the loop (<see cref="AgentRunner"/> as
    /// <see cref="IAgentRunner"/>), <see cref="AgentRunService"/> (background runs, persisted), <see cref="AgentExperimentStore"/>
    /// and <see cref="AgentExperimentRunner"/>. Expects the Lab's sandbox (<c>SandboxLauncher</c>), <see cref="LabOptions"/>
    /// and an <see cref="Backends.IChatBackends"/>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Agent</c> section.</param>
    /// <param name="contentRoot">The folder relative paths resolve against.</param>
    public static IServiceCollection AddAgent(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<AgentOptions>()
            .Bind(configuration.GetSection(AgentOptions.SectionName))
            .PostConfigure(o =>
            {
                if (o.TaskDirectories.Count == 0) o.TaskDirectories.Add(AgentOptions.DefaultTaskDirectory);
                o.TaskDirectories = [.. o.TaskDirectories.Select(d => Path.GetFullPath(d, contentRoot))];
            })
            .Validate(o => o.MaxConcurrentRuns is >= 1 and <= 16, "Agent:MaxConcurrentRuns must be within 1..16.")
            .ValidateOnStart();
        services.AddSingleton<AgentTaskCatalog>();
        services.AddHostedService<AgentTaskStartupCheck>();
        services.AddSingleton<AgentCommandRunner>();
        services.AddSingleton<IAgentRunner, AgentRunner>();
        services.AddSingleton<AgentRunService>();
        services.AddSingleton<AgentExperimentStore>();
        services.AddSingleton<AgentExperimentJobs>();
        services.AddSingleton(sp => new AgentExperimentRunner(
            sp.GetRequiredService<IAgentRunner>(), sp.GetRequiredService<AgentTaskCatalog>(), sp.GetRequiredService<AgentExperimentStore>(),
            sp.GetRequiredService<IOptions<AgentOptions>>(), sp.GetService<TimeProvider>(), sp.GetRequiredService<ILogger<AgentExperimentRunner>>()));
        return services;
    }
}
