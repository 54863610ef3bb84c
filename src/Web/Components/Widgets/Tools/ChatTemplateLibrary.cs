using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;
using Workbench.Web.Hosting;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// The real chat templates the format gallery renders: every <c>*.jinja</c> file of one folder (setting
/// <c>Web:ChatTemplatesDirectory</c>; default <c>../shared/templates</c> beside the repository root, where the
/// project keeps real models' templates with their sources), each with the tool-call format
/// <see cref="ToolCallFormatDetector"/> reads from it. Files are read on each call (small; a teacher may add one).
/// </summary>
/// <param name="directory">The folder's absolute path (it may not exist).</param>
public sealed class ChatTemplateLibrary(string directory)
{
    /// <summary>The configuration key of the folder.</summary>
    public const string SettingKey = "Web:ChatTemplatesDirectory";

    /// <summary>The folder read.</summary>
    public string Directory { get; } = directory;

    /// <summary>Whether the folder exists.</summary>
    public bool Exists => System.IO.Directory.Exists(Directory);

    /// <summary>The templates, ordered by file name; empty when the folder is missing.</summary>
    /// <exception cref="IOException">A file could not be read.</exception>
    public IReadOnlyList<ChatTemplateFile> Read()
    {
        if (!Exists) return [];
        return System.IO.Directory.EnumerateFiles(Directory, "*.jinja")
            .Order(StringComparer.Ordinal)
            .Select(path =>
            {
                var source = File.ReadAllText(path);
                return new ChatTemplateFile(Path.GetFileName(path), source, ToolCallFormatDetector.Detect(source));
            })
            .ToList();
    }

    /// <summary>The library of the configured folder: <paramref name="configured"/> resolved against the settings root,
    /// or, when empty, <c>../shared/templates</c> next to the settings root (<see cref="WorkbenchPaths.FindSettingsRoot"/>).</summary>
    /// <param name="configured">The <see cref="SettingKey"/> value, or null.</param>
    /// <param name="contentRoot">The host's content root, or null for the app directory.</param>
    public static ChatTemplateLibrary Create(string? configured, string? contentRoot)
    {
        var root = WorkbenchPaths.FindSettingsRoot(contentRoot ?? AppContext.BaseDirectory);
        var path = string.IsNullOrWhiteSpace(configured) ? Path.Combine(root, "..", "shared", "templates") : configured;
        return new ChatTemplateLibrary(WorkbenchPaths.Resolve(path, root));
    }
}
