using Microsoft.Extensions.Configuration.EnvironmentVariables;
using Microsoft.Extensions.Configuration.Json;

namespace Workbench.Web.Hosting;

/// <summary>Adds the single root <c>appsettings.json</c> to the configuration.</summary>
public static class WorkbenchConfigurationExtensions
{
    /// <summary>
    /// Adds <c>&lt;settingsRoot&gt;/appsettings.json</c> (optional) just after the host's own
    /// <c>appsettings.json</c> source (before <c>appsettings.{Environment}.json</c>), so environment variables and command-line arguments still override it.
    /// Does nothing when that file is the content root's <c>appsettings.json</c> already read by the host.
    /// </summary>
    /// <param name="configuration">The builder's configuration.</param>
    /// <param name="settingsRoot">The folder holding the file (<see cref="WorkbenchPaths.FindSettingsRoot"/>).</param>
    /// <param name="contentRoot">The host's content root.</param>
    public static ConfigurationManager AddWorkbenchSettings(this ConfigurationManager configuration, string settingsRoot, string contentRoot)
    {
        var file = Path.Combine(settingsRoot, WorkbenchPaths.SettingsFileName);
        if (string.Equals(Path.GetFullPath(file), Path.GetFullPath(Path.Combine(contentRoot, WorkbenchPaths.SettingsFileName)), StringComparison.Ordinal))
        {
            return configuration;
        }
        IConfigurationBuilder builder = configuration;
        var sources = builder.Sources;
        var insertAt = sources.Count;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: WorkbenchPaths.SettingsFileName }) insertAt = i + 1;
        }
        if (insertAt == sources.Count)
        {
            var firstEnvironment = sources.ToList().FindIndex(s => s is EnvironmentVariablesConfigurationSource { Prefix: null or "" });
            if (firstEnvironment >= 0) insertAt = firstEnvironment;
        }
        var source = new JsonConfigurationSource { Path = WorkbenchPaths.SettingsFileName, Optional = true, ReloadOnChange = false };
        source.FileProvider = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(settingsRoot);
        sources.Insert(Math.Min(insertAt, sources.Count), source);
        return configuration;
    }
}
