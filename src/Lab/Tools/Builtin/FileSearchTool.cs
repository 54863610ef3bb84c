using Workbench.Engine.Models;
using System.Text;
using System.Text.Json;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// <c>search_files {query: string}</c>: a read-only, case-insensitive search of file names and file contents under
/// one root folder (the lab content folder). The root is resolved to its real path once; a symbolic link is
/// followed only when its real target lies inside the root (a link out is skipped, never read), and each folder is
/// visited once. Hidden entries (<c>.name</c>), files over <see cref="MaxFileBytes"/> and binary files (a NUL byte
/// in the first 8 KiB) are skipped. Output: one line per match, <c>path: (file name)</c> or <c>path:line: text</c>
/// (root-relative path with <c>/</c>, 1-based line, text trimmed to 160 characters), at most
/// <see cref="MaxResults"/> lines, then a note when capped.
/// </summary>
/// <param name="root">The folder searched; it must exist.</param>
public sealed class FileSearchTool(string root)
    : BuiltinTool(ToolName, "Search the lab's files by name and content; returns path:line: text matches.", Schema)
{
    /// <summary>The function name.</summary>
    public const string ToolName = "search_files";

    /// <summary>The parameters' JSON schema.</summary>
    public const string Schema = """
        {"type":"object","properties":{"query":{"type":"string","description":"Text to look for in file names and contents"}},"required":["query"],"additionalProperties":false}
        """;

    /// <summary>Most matches returned.</summary>
    public const int MaxResults = 20;

    /// <summary>Largest file read, in bytes (1 MiB).</summary>
    public const long MaxFileBytes = 1 << 20;

    /// <summary>Most files looked at in one search.</summary>
    public const int MaxFiles = 5000;

    /// <summary>Longest query, in characters.</summary>
    public const int MaxQueryLength = 200;

    private const int LineTextLength = 160;

    /// <summary>The folder searched, as configured.</summary>
    public string Root { get; } = root ?? throw new ArgumentNullException(nameof(root));

    /// <inheritdoc/>
    protected override async ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var query = (ReadString(arguments, "query") ?? "").Trim();
        if (query.Length == 0) throw new ToolException("The query is empty.");
        if (query.Length > MaxQueryLength) throw new ToolException($"The query has {query.Length} characters; at most {MaxQueryLength} are accepted.");
        var realRoot = RealPath.Resolve(Root);
        if (realRoot is null || !Directory.Exists(realRoot)) throw new ToolException("The lab folder is not available.");

        var matches = new List<string>();
        bool capped = false;
        foreach (var (path, relative) in Files(realRoot).Take(MaxFiles))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (Path.GetFileName(relative).Contains(query, StringComparison.OrdinalIgnoreCase) && !Add($"{relative}: (file name)")) break;
            if (await SearchContentAsync(path, relative, query, Add, cancellationToken).ConfigureAwait(false)) break;
        }
        if (matches.Count == 0) return $"No matches for '{query}'.";
        var text = new StringBuilder().AppendJoin('\n', matches);
        if (capped) text.Append('\n').Append($"(only the first {MaxResults} matches are shown)");
        return text.ToString();

        bool Add(string line)
        {
            if (matches.Count == MaxResults)
            {
                capped = true;
                return false;
            }
            matches.Add(line);
            return true;
        }
    }

    // True when the result list is full.
    private static async Task<bool> SearchContentAsync(string path, string relative, string query, Func<string, bool> add, CancellationToken cancellationToken)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes) return false;
            var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
            if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(bytes.Length, 8192)) >= 0) return false;
            using var reader = new StringReader(Encoding.UTF8.GetString(bytes));
            int number = 0;
            while (reader.ReadLine() is { } line)
            {
                number++;
                if (!line.Contains(query, StringComparison.OrdinalIgnoreCase)) continue;
                var shown = line.Trim();
                if (shown.Length > LineTextLength) shown = shown[..LineTextLength] + "…";
                if (!add($"{relative}:{number}: {shown}")) return true;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // An unreadable file is skipped, as grep -s does.
        }
        return false;
    }

    // Regular files under the real root, in ordinal order per folder, links followed only inside the root.
    private static IEnumerable<(string Path, string Relative)> Files(string realRoot)
    {
        var visited = new HashSet<string>(StringComparer.Ordinal) { realRoot };
        var folders = new Queue<(string Real, string Relative)>();
        folders.Enqueue((realRoot, ""));
        while (folders.TryDequeue(out var folder))
        {
            string[] entries;
            try
            {
                entries = Directory.GetFileSystemEntries(folder.Real);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }
            Array.Sort(entries, StringComparer.Ordinal);
            foreach (var entry in entries)
            {
                var name = Path.GetFileName(entry);
                if (name.StartsWith('.')) continue;
                var relative = folder.Relative.Length == 0 ? name : folder.Relative + "/" + name;
                var real = RealPath.Resolve(entry);
                if (real is null || !RealPath.IsInside(real, realRoot)) continue;
                if (Directory.Exists(real))
                {
                    if (visited.Add(real)) folders.Enqueue((real, relative));
                }
                else if (File.Exists(real))
                {
                    yield return (real, relative);
                }
            }
        }
    }
}
