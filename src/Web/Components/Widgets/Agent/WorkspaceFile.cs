using Workbench.Lab.Agent;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>One file of a run's workspace as the workspace view shows it.</summary>
/// <param name="Path">Workspace-relative path ('/' separated).</param>
/// <param name="Original">The task's text (empty for a file the agent created).</param>
/// <param name="Current">The text after every kept edit so far (rolled-back edits do not count).</param>
/// <param name="IsNew">The agent created it (it is not one of the task's files).</param>
/// <param name="Edits">Indexes into <see cref="AgentRunRecord.Edits"/> of the changes to it, kept or rolled back.</param>
public sealed record WorkspaceFile(string Path, string Original, string Current, bool IsNew, IReadOnlyList<int> Edits)
{
    /// <summary>The text differs from the task's.</summary>
    public bool Changed => !string.Equals(Original, Current, StringComparison.Ordinal);

    /// <summary>Rebuilds the workspace from the task's files and a run's edits: each kept edit's
    /// <see cref="AgentFileEdit.After"/> replaces the file's text, in order; a rolled-back edit leaves it as it was.</summary>
    /// <param name="original">The task's files (path → text), as copied into the workspace.</param>
    /// <param name="edits">The run's edits in order (<see cref="AgentRunRecord.Edits"/>).</param>
    /// <returns>Every file, sorted by path (ordinal).</returns>
    public static IReadOnlyList<WorkspaceFile> Build(IReadOnlyDictionary<string, string> original, IReadOnlyList<AgentFileEdit> edits)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(edits);
        var current = new Dictionary<string, string>(original, StringComparer.Ordinal);
        var touched = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        for (var i = 0; i < edits.Count; i++)
        {
            var edit = edits[i];
            if (!touched.TryGetValue(edit.Path, out var list)) touched[edit.Path] = list = [];
            list.Add(i);
            if (!edit.RolledBack) current[edit.Path] = edit.After;
            else current.TryAdd(edit.Path, edit.Before);
        }
        return current.Keys.Order(StringComparer.Ordinal)
            .Select(p => new WorkspaceFile(
                p,
                original.GetValueOrDefault(p, ""),
                current[p],
                !original.ContainsKey(p),
                touched.TryGetValue(p, out var l) ? l : []))
            .Where(f => !f.IsNew || f.Current.Length > 0 || f.Edits.Any(i => !edits[i].RolledBack))
            .ToList();
    }

    /// <summary>Monaco's language id for a path (by extension; <c>plaintext</c> when unknown).</summary>
    /// <param name="path">A file path.</param>
    public static string LanguageOf(string path) => System.IO.Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".cs" => "csharp",
        ".py" => "python",
        ".md" => "markdown",
        ".json" => "json",
        ".csproj" or ".xml" => "xml",
        ".sh" => "shell",
        ".txt" => "plaintext",
        _ => "plaintext",
    };
}
