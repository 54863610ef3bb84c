using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Lab.Tools;

namespace Workbench.Lab.Agent;

public sealed partial class AgentToolbox
{
    /// <summary><c>read_file</c>'s parameters.</summary>
    public const string ReadFileSchema = """
        {"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace"},"offset":{"type":"integer","description":"First line to show, 1-based (default 1)"},"limit":{"type":"integer","description":"Most lines to show (default 200)"}},"required":["path"],"additionalProperties":false}
        """;

    /// <summary><c>edit_file</c>'s parameters.</summary>
    public const string EditFileSchema = """
        {"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace"},"old_string":{"type":"string","description":"The exact text to replace; must occur exactly once in the file"},"new_string":{"type":"string","description":"The replacement text"}},"required":["path","old_string","new_string"],"additionalProperties":false}
        """;

    /// <summary><c>write_file</c>'s parameters.</summary>
    public const string WriteFileSchema = """
        {"type":"object","properties":{"path":{"type":"string","description":"File path relative to the workspace"},"content":{"type":"string","description":"The whole content of the file"}},"required":["path","content"],"additionalProperties":false}
        """;

    private ValueTask<string> ReadFileAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var path = RequiredString(arguments, "path");
        var offset = OptionalInt(arguments, "offset") ?? 1;
        var limit = OptionalInt(arguments, "limit") ?? DefaultReadLimit;
        if (offset < 1) throw new ToolException("offset must be 1 or more (the first line is 1).");
        if (limit < 1) throw new ToolException("limit must be 1 or more.");
        var lines = Lines(Workspace.ReadText(path));
        if (lines.Length == 0) return ValueTask.FromResult($"{path} is empty (0 lines).");
        if (offset > lines.Length) throw new ToolException($"offset {offset} is past the end of {path} ({Count(lines.Length, "line")}).");
        var last = (int)Math.Min((long)offset + limit - 1, lines.Length);
        var text = new StringBuilder();
        for (int i = offset; i <= last; i++) Numbered(text, i, lines[i - 1]);
        text.Append(CultureInfo.InvariantCulture, $"(lines {offset}–{last} of {lines.Length}");
        text.Append(last < lines.Length ? string.Create(CultureInfo.InvariantCulture, $"; use offset {last + 1} to read on)") : ")");
        return ValueTask.FromResult(text.ToString());
    }

    private async ValueTask<string> EditFileAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var path = RequiredString(arguments, "path");
        var oldString = RequiredString(arguments, "old_string");
        var newString = RequiredString(arguments, "new_string");
        var relative = Workspace.ToRelative(Workspace.Resolve(path));
        if (!Workspace.FileExists(path)) throw new ToolException($"'{path}' does not exist; use write_file to create it.");
        var before = Workspace.ReadText(path);
        var edit = UniqueEdit.Apply(before, oldString, newString, relative);
        if (!edit.Succeeded) throw new ToolException(edit.Error!);
        var after = edit.NewText!;
        Workspace.WriteText(path, after);
        var line = before.AsSpan(0, Math.Max(0, CommonPrefix(before, after))).Count('\n') + 1;
        return await VerifyAsync(relative, existed: true, before, after,
            $"Edited {relative}: replaced 1 occurrence at line {line.ToString(CultureInfo.InvariantCulture)}.", cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<string> WriteFileAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var path = RequiredString(arguments, "path");
        var content = RequiredString(arguments, "content");
        var relative = Workspace.ToRelative(Workspace.Resolve(path));
        if (relative == ".") throw new ToolException("write_file needs a file path, not the workspace itself.");
        var existed = Workspace.FileExists(path);
        var before = existed ? Workspace.ReadText(path) : "";
        Workspace.WriteText(path, content);
        var lines = Lines(content).Length;
        return await VerifyAsync(relative, existed, before, content,
            $"{(existed ? "Wrote" : "Created")} {relative} ({Count(lines, "line")}).", cancellationToken).ConfigureAwait(false);
    }

    // The file holds `after`. Without verify-on-edit, or for an unchecked language, the edit stays. Otherwise a
    // syntax error the `before` text did not have rolls the edit back (a file broken before is not this edit's fault).
    private async Task<string> VerifyAsync(string path, bool existed, string before, string after, string success, CancellationToken cancellationToken)
    {
        string? errors = null;
        string? errorsBefore = null;
        if (_verify is not null && VerifyOnEdit.IsChecked(path))
        {
            errors = await _verify.CheckAsync(path, after, cancellationToken).ConfigureAwait(false);
            if (errors is not null && existed)
            {
                Workspace.WriteText(path, before); // the Python check reads the file
                errorsBefore = await _verify.CheckAsync(path, before, cancellationToken).ConfigureAwait(false);
                if (errorsBefore is not null) Workspace.WriteText(path, after);
            }
        }
        var rolledBack = errors is not null && errorsBefore is null;
        if (rolledBack)
        {
            if (existed) Workspace.WriteText(path, before);
            else Workspace.Delete(path);
        }
        _edits.Add(new AgentFileEdit(_step, _callId, path, before, after, rolledBack, rolledBack ? errors : null));
        LastEditIndex = _edits.Count - 1;
        LastEditKept = !rolledBack;
        if (rolledBack) throw new ToolException(AgentPrompts.Rollback(path, errors!));
        return errors is null ? success : success + $" The file already had syntax errors before this edit:\n{errors}";
    }

    private static int CommonPrefix(string a, string b)
    {
        int n = Math.Min(a.Length, b.Length), i = 0;
        while (i < n && a[i] == b[i]) i++;
        return i;
    }
}
