using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Workbench.Lab.Content;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Mcp.Server;

/// <summary>The Lab services the MCP primitives need, without the rest of <c>AddLab</c>: for a host that serves only
/// MCP (<c>Workbench.Web --mcp-stdio</c>) — no database, no grading, no engine.</summary>
public static class LabMcpServerServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LabOptions"/> from the <c>Lab</c> section (<c>ContentDirectory</c> resolved against
    /// <paramref name="contentRoot"/>, as <c>AddLab</c> does; the other settings are not used), and registers the
    /// lab catalog (loaded and validated at start, <see cref="LabContentServiceCollectionExtensions.AddLabContent"/>)
    /// and <see cref="BuiltinTools"/> (<c>search_files</c> over the content folder).
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configuration">The configuration holding the <c>Lab</c> section.</param>
    /// <param name="contentRoot">The folder relative paths resolve against (the settings root).</param>
    public static IServiceCollection AddLabMcpContent(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<LabOptions>()
            .Bind(configuration.GetSection(LabOptions.SectionName))
            .PostConfigure(o => o.ContentDirectory = Path.GetFullPath(o.ContentDirectory, contentRoot));
        services.AddLabContent();
        services.TryAddSingleton(sp => new BuiltinTools(
            sp.GetLabOptions().ContentDirectory, sp.GetService<TimeProvider>() ?? TimeProvider.System));
        return services;
    }
}
