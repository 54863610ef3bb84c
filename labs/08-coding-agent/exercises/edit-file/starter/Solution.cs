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
/// <c>old_string</c> by <c>new_string</c> only when it occurs exactly once.</summary>
public static class EditTool
{
    /// <summary>Applies one edit to <paramref name="content"/>.</summary>
    /// <param name="content">The file's text.</param>
    /// <param name="oldString">The text to replace; must occur exactly once (ordinal, overlaps counted).</param>
    /// <param name="newString">Its replacement, taken literally.</param>
    /// <returns>The edited content, or the unchanged content and an error saying why.</returns>
    public static EditResult Apply(string content, string oldString, string newString)
    {
        // TODO 1. An empty oldString, or a newString equal to it: refuse ("old_string is empty",
        //         "no change: new_string equals old_string").
        // TODO 2. A CRLF file (content contains "\r\n"): convert oldString and newString to CRLF.
        // TODO 3. Count the occurrences: IndexOf(..., StringComparison.Ordinal), then go on from the found index + 1.
        // TODO 4. 0: "old_string not found"; more than 1: "old_string occurs n times; add context to make it unique".
        // TODO 5. Exactly 1: the text before it + newString + the text after it (no Regex, no string.Replace).
        throw new NotImplementedException("TODO");
    }
}
