namespace Workbench.Web.Hosting;

/// <summary>
/// Where the single settings file lives and what relative paths in it (for example
/// <c>Engine:ModelDirectories</c> = <c>models</c>, <c>../shared/models</c>) are relative to:
/// the repository root (the folder holding <c>Workbench.sln</c>) when the app runs from a checkout
/// (<c>dotnet run --project src/Web</c>, tests), otherwise the app's own directory (a published app, where the
/// build copies <c>appsettings.json</c> beside the executable).
/// </summary>
public static class WorkbenchPaths
{
    /// <summary>The settings file name, at the settings root.</summary>
    public const string SettingsFileName = "appsettings.json";

    /// <summary>Finds the settings root: the nearest folder holding <c>Workbench.sln</c> above
    /// <paramref name="contentRoot"/> or above <see cref="AppContext.BaseDirectory"/>, else the app directory.</summary>
    /// <param name="contentRoot">The host's content root (the project folder under <c>dotnet run</c>).</param>
    /// <returns>An absolute directory path without a trailing separator.</returns>
    public static string FindSettingsRoot(string contentRoot)
    {
        foreach (var start in new[] { contentRoot, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Workbench.sln"))) return dir.FullName;
            }
        }
        return Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory);
    }

    /// <summary>Makes <paramref name="path"/> absolute against <paramref name="root"/>; absolute paths and
    /// <c>~/</c> paths (home directory) are kept as they are / expanded.</summary>
    /// <param name="path">A file or directory path from configuration.</param>
    /// <param name="root">The settings root (<see cref="FindSettingsRoot"/>).</param>
    /// <returns>A normalised absolute path.</returns>
    public static string Resolve(string path, string root)
    {
        if (path.StartsWith("~/", StringComparison.Ordinal))
        {
            path = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), path[2..]);
        }
        return Path.GetFullPath(path, root);
    }
}
