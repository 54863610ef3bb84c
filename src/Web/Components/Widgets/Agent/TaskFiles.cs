using System.Text;
using Workbench.Lab.Agent;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>Reads the text of a task's workspace files (<see cref="AgentTask.WorkspaceFiles"/>) for the workspace
/// view's "original" side.</summary>
public static class TaskFiles
{
    /// <summary>Largest file read, in bytes (256 KiB); a larger file is shown as a placeholder line.</summary>
    public const int MaxFileBytes = 256 * 1024;

    /// <summary>Path → text of every workspace file of <paramref name="task"/>. A file over <see cref="MaxFileBytes"/>
    /// or one holding NUL bytes (binary) reads as a one-line placeholder saying so; a symbolic link is not followed
    /// (placeholder), so a task folder cannot make the page show a file outside it.</summary>
    /// <param name="task">The task.</param>
    public static IReadOnlyDictionary<string, string> Read(AgentTask task)
    {
        ArgumentNullException.ThrowIfNull(task);
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        var root = Path.GetFullPath(task.Directory);
        foreach (var relative in task.WorkspaceFiles())
        {
            var full = Path.GetFullPath(Path.Combine(root, relative));
            var info = new FileInfo(full);
            if (!full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal) || info.LinkTarget is not null)
            {
                files[relative] = "(a link: not shown)";
                continue;
            }
            if (info.Length > MaxFileBytes)
            {
                files[relative] = $"(not shown: {info.Length} bytes, over {MaxFileBytes})";
                continue;
            }
            var bytes = File.ReadAllBytes(full);
            files[relative] = Array.IndexOf(bytes, (byte)0) >= 0 ? "(a binary file: not shown)" : Encoding.UTF8.GetString(bytes);
        }
        return files;
    }
}
