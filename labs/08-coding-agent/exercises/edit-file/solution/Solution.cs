/// <summary>What one <c>edit_file</c> call did.</summary>
/// <param name="Ok">True when the edit was applied.</param>
/// <param name="Content">The file's text after the call: the edited text, or the original, unchanged, on an error.</param>
/// <param name="Error">On an error, the message the model reads as the tool result; null when <paramref name="Ok"/>.</param>
public sealed record EditResult(bool Ok, string Content, string? Error)
{
    /// <summary>An applied edit.</summary>
    public static EditResult Applied(string content) => new(true, content, null);

    /// <summary>A refused edit: the content unchanged and the message for the model.</summary>
    public static EditResult Refused(string unchangedContent, string error) => new(false, unchangedContent, error);
}

/// <summary>The coding agent's <c>edit_file(path, old_string, new_string)</c> on one file's text: replace
/// <c>old_string</c> by <c>new_string</c> only when it occurs exactly once (the rule of Claude Code's Edit and pi's
/// edit tool).</summary>
public static class EditTool
{
    /// <summary>Applies one edit to <paramref name="content"/>.</summary>
    /// <param name="content">The file's text.</param>
    /// <param name="oldString">The text to replace; must occur exactly once (ordinal, overlaps counted).</param>
    /// <param name="newString">Its replacement, taken literally.</param>
    /// <returns>The edited content, or the unchanged content and an error saying why.</returns>
    public static EditResult Apply(string content, string oldString, string newString)
    {
        if (oldString.Length == 0) return EditResult.Refused(content, "old_string is empty");
        if (string.Equals(oldString, newString, StringComparison.Ordinal))
            return EditResult.Refused(content, "no change: new_string equals old_string");

        // A model writes \n; a CRLF file's lines end in \r\n. Match and replace in the file's own line ends.
        if (content.Contains("\r\n", StringComparison.Ordinal))
        {
            oldString = ToCrlf(oldString);
            newString = ToCrlf(newString);
        }

        // Every start position counts, overlaps included: "aa" occurs twice in "aaa".
        var first = -1;
        var count = 0;
        for (var at = content.IndexOf(oldString, StringComparison.Ordinal); at >= 0; at = content.IndexOf(oldString, at + 1, StringComparison.Ordinal))
        {
            if (count++ == 0) first = at;
        }

        if (count == 0) return EditResult.Refused(content, "old_string not found");
        if (count > 1) return EditResult.Refused(content, $"old_string occurs {count} times; add context to make it unique");

        // Literal splice: no Regex.Replace ($1, $& would be group references), no string.Replace (all occurrences).
        return EditResult.Applied(string.Concat(content.AsSpan(0, first), newString, content.AsSpan(first + oldString.Length)));
    }

    private static string ToCrlf(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Replace("\n", "\r\n", StringComparison.Ordinal);
}
