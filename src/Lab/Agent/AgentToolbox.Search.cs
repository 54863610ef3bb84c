using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Agent;

public sealed partial class AgentToolbox
{
    /// <summary><c>grep</c>'s parameters.</summary>
    public const string GrepSchema = """
        {"type":"object","properties":{"pattern":{"type":"string","description":"A regular expression (.NET syntax)"},"path":{"type":"string","description":"A file or folder relative to the workspace (default: the whole workspace)"}},"required":["pattern"],"additionalProperties":false}
        """;

    /// <summary><c>glob</c>'s parameters.</summary>
    public const string GlobSchema = """
        {"type":"object","properties":{"pattern":{"type":"string","description":"A glob pattern relative to the workspace, for example **/*.py"}},"required":["pattern"],"additionalProperties":false}
        """;

    /// <summary><c>bash</c>'s parameters.</summary>
    public const string BashSchema = """
        {"type":"object","properties":{"command":{"type":"string","description":"A shell command line, run with sh in the workspace"}},"required":["command"],"additionalProperties":false}
        """;

    private ValueTask<string> GrepAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var pattern = RequiredString(arguments, "pattern");
        var path = OptionalString(arguments, "path") ?? ".";
        if (pattern.Length == 0) throw new ToolException("The pattern is empty.");
        Regex regex;
        try
        {
            regex = new Regex(pattern, RegexOptions.CultureInvariant, RegexTimeout);
        }
        catch (ArgumentException e)
        {
            throw new ToolException($"The pattern is not a valid regular expression: {e.Message}");
        }
        var matches = new List<string>();
        var more = false;
        foreach (var file in Workspace.Files(path))
        {
            cancellationToken.ThrowIfCancellationRequested();
            string text;
            try
            {
                text = Workspace.ReadText(file);
            }
            catch (ToolException)
            {
                continue; // too large or unreadable: skipped, as grep -s does
            }
            if (text.Contains('\0', StringComparison.Ordinal)) continue; // binary
            var lines = Lines(text);
            for (int i = 0; i < lines.Length; i++)
            {
                bool hit;
                try
                {
                    hit = regex.IsMatch(lines[i]);
                }
                catch (RegexMatchTimeoutException)
                {
                    throw new ToolException($"The pattern took longer than {RegexTimeout.TotalMilliseconds:0} ms on {file}:{i + 1}; simplify it.");
                }
                if (!hit) continue;
                if (matches.Count == MaxGrepMatches)
                {
                    more = true;
                    break;
                }
                matches.Add($"{file}:{(i + 1).ToString(CultureInfo.InvariantCulture)}: {Cut(lines[i].Trim())}");
            }
            if (more) break;
        }
        if (matches.Count == 0) return ValueTask.FromResult($"No matches for /{pattern}/ in {path}.");
        var result = new StringBuilder().AppendJoin('\n', matches);
        if (more) result.Append('\n').Append(CultureInfo.InvariantCulture, $"(more matches: only the first {MaxGrepMatches} are shown; narrow the pattern or the path)");
        return ValueTask.FromResult(result.ToString());
    }

    private ValueTask<string> GlobAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var pattern = RequiredString(arguments, "pattern").Trim();
        if (pattern.Length == 0) throw new ToolException("The pattern is empty.");
        if (pattern.StartsWith('/') || pattern.Split('/').Contains("..")) throw new ToolException("The pattern must be relative to the workspace, without '..'.");
        var regex = GlobRegex(pattern.StartsWith("./", StringComparison.Ordinal) ? pattern[2..] : pattern);
        var found = Workspace.Files().Where(f => regex.IsMatch(f)).ToList();
        if (found.Count == 0) return ValueTask.FromResult($"No files match {pattern}.");
        var result = new StringBuilder().AppendJoin('\n', found.Take(MaxGlobResults));
        if (found.Count > MaxGlobResults) result.Append('\n').Append(CultureInfo.InvariantCulture, $"(only the first {MaxGlobResults} of {found.Count} are shown)");
        return ValueTask.FromResult(result.ToString());
    }

    private async ValueTask<string> BashAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var command = RequiredString(arguments, "command");
        if (string.IsNullOrWhiteSpace(command)) throw new ToolException("The command is empty.");
        if (command.Contains('\0', StringComparison.Ordinal)) throw new ToolException("The command holds a NUL character.");
        var result = await _commands.RunAsync(Workspace.Root, command, BashTimeout, cancellationToken).ConfigureAwait(false);
        return result.ToToolText();
    }

    /// <summary>A glob as an anchored regular expression over '/' separated relative paths: <c>**/</c> = any folders
    /// (none included), <c>**</c> = anything, <c>*</c> = anything but '/', <c>?</c> = one character but '/', <c>{a,b}</c>
    /// = either. Written here rather than with Microsoft.Extensions.FileSystemGlobbing, which Lab does not reference
    /// (and which walks the disk itself, following links).</summary>
    public static Regex GlobRegex(string pattern)
    {
        var text = new StringBuilder("^");
        for (int i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '*' && i + 1 < pattern.Length && pattern[i + 1] == '*')
            {
                var slash = i + 2 < pattern.Length && pattern[i + 2] == '/';
                text.Append(slash ? "(?:.*/)?" : ".*");
                i += slash ? 2 : 1;
            }
            else if (c == '*') text.Append("[^/]*");
            else if (c == '?') text.Append("[^/]");
            else if (c == '{') text.Append("(?:");
            else if (c == '}') text.Append(')');
            else if (c == ',' && pattern[..i].Count(x => x == '{') > pattern[..i].Count(x => x == '}')) text.Append('|');
            else text.Append(Regex.Escape(c.ToString()));
        }
        return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }
}
