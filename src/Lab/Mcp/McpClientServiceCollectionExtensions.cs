using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Mcp;

/// <summary>Registers the lab as an MCP client.</summary>
public static class McpClientServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="McpOptions"/> from the <c>Mcp</c> section (<see cref="McpOptions.ConfigFile"/> resolved
    /// against <paramref name="settingsRoot"/>; ranges validated on start: ConnectTimeoutSeconds 1..120,
    /// RequestTimeoutSeconds 1..600, MaxServers 1..64, TrafficCapacity 100..100000) and registers one
    /// <see cref="McpServerRegistry"/> as the <see cref="IMcpServerRegistry"/> singleton (disposed with the container,
    /// which closes every connection). Hosts add <see cref="McpOptions.HostServers"/> with
    /// <c>services.Configure&lt;McpOptions&gt;(o =&gt; o.HostServers.Add(…))</c>.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Mcp</c> section.</param>
    /// <param name="settingsRoot">The folder relative paths resolve against (the content root).</param>
    public static IServiceCollection AddMcpClient(this IServiceCollection services, IConfiguration configuration, string settingsRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(settingsRoot);
        services.AddOptions<McpOptions>()
            .Bind(configuration.GetSection(McpOptions.SectionName))
            .PostConfigure(o =>
            {
                if (!string.IsNullOrWhiteSpace(o.ConfigFile)) o.ConfigFile = Path.GetFullPath(o.ConfigFile, settingsRoot);
            })
            .Validate(o => o.ConnectTimeoutSeconds is >= 1 and <= 120, "Mcp:ConnectTimeoutSeconds must be within 1..120.")
            .Validate(o => o.RequestTimeoutSeconds is >= 1 and <= 600, "Mcp:RequestTimeoutSeconds must be within 1..600.")
            .Validate(o => o.MaxServers is >= 1 and <= 64, "Mcp:MaxServers must be within 1..64.")
            .Validate(o => o.TrafficCapacity is >= 100 and <= 100_000, "Mcp:TrafficCapacity must be within 100..100000.")
            .ValidateOnStart();
        services.AddSingleton(sp => new McpServerRegistry(
            sp.GetRequiredService<IOptions<McpOptions>>(), settingsRoot, sp.GetService<ILoggerFactory>()));
        services.AddSingleton<IMcpServerRegistry>(sp => sp.GetRequiredService<McpServerRegistry>());
        return services;
    }
}
