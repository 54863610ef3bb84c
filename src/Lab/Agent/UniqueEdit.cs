namespace Workbench.Lab.Agent;

/// <summary>
/// The unique-match edit rule of <c>edit_file</c> (the rule lab 08 asks students to write): <c>old_string</c> must
/// occur exactly once in the file. Zero or several occurrences is an error that says how many, and the text is left
/// unchanged, so the model cannot silently edit the wrong place (the reason coding harnesses such as Claude Code's
/// Edit, pi's Edit and Aider's search/replace blocks insist on it).
/// </summary>
/// <remarks>
/// Occurrences are counted at every start position, overlapping ones included ("aa" occurs twice in "aaa").
/// A file with CRLF line ends matches an old_string written with LF line ends line by line (models write LF), and the
/// replacement is written with the file's CRLF. The new string is inserted literally: <c>$1</c> or <c>$&amp;</c> are
/// not regular-expression substitutions.
/// </remarks>
public static class UniqueEdit
{
    /// <summary>Applies the edit.</summary>
    /// <param name="text">The file's text.</param>
    /// <param name="oldString">The text to replace; must occur exactly once.</param>
    /// <param name="newString">The replacement.</param>
    /// <param name="path">The file's path, for the messages.</param>
    /// <returns>The new text, or the error the model reads (the text unchanged).</returns>
    public static UniqueEditResult Apply(string text, string oldString, string newString, string path)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(oldString);
        ArgumentNullException.ThrowIfNull(newString);
        if (oldString.Length == 0) return UniqueEditResult.Fail("old_string is empty; give the exact text to replace (use write_file to create a file).");
        if (oldString == newString) return UniqueEditResult.Fail("old_string and new_string are identical; nothing would change.");

        var crlf = text.Contains("\r\n", StringComparison.Ordinal) && !oldString.Contains("\r\n", StringComparison.Ordinal);
        var find = crlf ? oldString.Replace("\n", "\r\n", StringComparison.Ordinal) : oldString;
        var replacement = crlf ? newString.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal) : newString;

        var count = CountOccurrences(text, find);
        if (count == 0) return UniqueEditResult.Fail($"old_string not found in {path}", 0);
        if (count > 1) return UniqueEditResult.Fail($"old_string occurs {count} times in {path}; include more surrounding lines to make it unique", count);
        var at = text.IndexOf(find, StringComparison.Ordinal);
        return new UniqueEditResult(string.Concat(text.AsSpan(0, at), replacement, text.AsSpan(at + find.Length)), null, 1);
    }

    /// <summary>How many positions <paramref name="value"/> starts at in <paramref name="text"/> (ordinal,
    /// overlapping occurrences included).</summary>
    public static int CountOccurrences(string text, string value)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentException.ThrowIfNullOrEmpty(value);
        int count = 0;
        for (int at = text.IndexOf(value, StringComparison.Ordinal); at >= 0; at = text.IndexOf(value, at + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}

/// <summary>The outcome of <see cref="UniqueEdit.Apply"/>.</summary>
/// <param name="NewText">The edited text; null on error.</param>
/// <param name="Error">The error for the model; null on success.</param>
/// <param name="Occurrences">How many times old_string occurred (null when it was not searched for).</param>
public sealed record UniqueEditResult(string? NewText, string? Error, int? Occurrences)
{
    /// <summary>Whether the edit applies.</summary>
    public bool Succeeded => Error is null;

    internal static UniqueEditResult Fail(string error, int? occurrences = null) => new(null, error, occurrences);
}
