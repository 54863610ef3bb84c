using System.Text;
using DiffPlex.Renderer;

namespace Workbench.Lab.Agent;

/// <summary>
/// The run's diff: a unified diff (<c>---</c>/<c>+++</c> headers, <c>@@ -a,b +c,d @@</c> hunks with 3 lines of
/// context; DiffPlex's <see cref="UnidiffRenderer"/>) of every file the run changed, added or deleted, against the
/// task's originals, one file after another in path order (ordinal). Added files diff against <c>/dev/null</c>,
/// deleted ones to it. The hidden tests and Python's <c>__pycache__</c> folders are left out.
/// </summary>
public static class AgentDiff
{
    /// <summary>Lines of context around each change.</summary>
    public const int ContextLines = 3;

    /// <summary>The diff between the task's files and the workspace.</summary>
    /// <param name="task">The task (its <see cref="AgentTask.WorkspaceFiles"/> are the originals).</param>
    /// <param name="workspace">The workspace after the agent stopped (before the hidden tests were copied in).</param>
    /// <param name="exclude">Workspace paths to leave out (the hidden tests).</param>
    /// <returns>The diff; "" when nothing changed.</returns>
    public static string Compute(AgentTask task, AgentWorkspace workspace, IEnumerable<string>? exclude = null)
    {
        ArgumentNullException.ThrowIfNull(task);
        ArgumentNullException.ThrowIfNull(workspace);
        var skip = new HashSet<string>(exclude ?? [], StringComparer.Ordinal);
        var originals = task.WorkspaceFiles().ToHashSet(StringComparer.Ordinal);
        var now = workspace.Files().Where(f => !f.Split('/').Contains("__pycache__")).ToHashSet(StringComparer.Ordinal);
        var renderer = new UnidiffRenderer(null, ContextLines);
        var diff = new StringBuilder();
        foreach (var path in originals.Union(now).Where(p => !skip.Contains(p)).Order(StringComparer.Ordinal))
        {
            var before = originals.Contains(path) ? ReadOriginal(task, path) : null;
            var after = now.Contains(path) ? ReadSafe(workspace, path) : null;
            if (before == after) continue;
            var text = renderer.Generate(before ?? "", after ?? "",
                before is null ? "/dev/null" : "a/" + path, after is null ? "/dev/null" : "b/" + path, false, false);
            diff.Append(text);
            if (text.Length > 0 && !text.EndsWith('\n')) diff.Append('\n');
        }
        return diff.ToString();
    }

    private static string? ReadOriginal(AgentTask task, string path)
    {
        var full = Path.Combine(task.Directory, path);
        return File.Exists(full) ? File.ReadAllText(full) : null;
    }

    private static string? ReadSafe(AgentWorkspace workspace, string path)
    {
        try
        {
            return workspace.ReadText(path);
        }
        catch (Tools.ToolException e)
        {
            return $"(unreadable: {e.Message})\n";
        }
    }
}
