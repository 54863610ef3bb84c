/// <summary>One syntax error of a file, as the syntax check reports it (Roslyn's <c>CSharpSyntaxTree.ParseText(text)
/// .GetDiagnostics()</c> for C#, <c>python3 -m py_compile</c> for Python).</summary>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Id">The diagnostic's id, for example <c>CS1002</c>.</param>
/// <param name="Message">The diagnostic's message, for example <c>; expected</c>.</param>
public sealed record SyntaxError(int Line, int Column, string Id, string Message);

/// <summary>The harness's decision about one edit.</summary>
/// <param name="Keep">True to keep the edit; false to roll it back.</param>
/// <param name="Content">The file's text after the decision: the edited text when kept, the text before the edit when
/// rolled back.</param>
/// <param name="ToolResult">The text the model reads as the <c>edit_file</c> tool result.</param>
/// <param name="Nudge">True to send the nudge (<see cref="VerifyOnEdit.NudgeMessage"/>) after the tool result.</param>
public sealed record VerifyOutcome(bool Keep, string Content, string ToolResult, bool Nudge);

/// <summary>Verify-on-edit: after each edit the harness checks the file's syntax and decides whether the edit stays.</summary>
public static class VerifyOnEdit
{
    /// <summary>The message sent to the model after a kept edit.</summary>
    public const string NudgeMessage = "The edit is applied. Now verify it: run the tests with bash and read their output before you answer.";

    /// <summary>Decides about one edit of <paramref name="path"/>: roll back only an edit that introduced errors (a file
    /// already broken is not this edit's fault), keep the rest, and nudge after every kept edit.</summary>
    /// <param name="path">The file's path in the workspace, as the model named it.</param>
    /// <param name="before">The file's text before the edit.</param>
    /// <param name="after">The file's text after the edit.</param>
    /// <param name="errorsBefore">The syntax errors of <paramref name="before"/>, in file order.</param>
    /// <param name="errorsAfter">The syntax errors of <paramref name="after"/>, in file order.</param>
    /// <returns>Keep or roll back, the file's text, the tool result and whether to nudge.</returns>
    public static VerifyOutcome Decide(string path, string before, string after, IReadOnlyList<SyntaxError> errorsBefore, IReadOnlyList<SyntaxError> errorsAfter)
    {
        // A multiset difference by (Id, Message): positions move when an edit adds or removes lines above an error.
        var old = new List<SyntaxError>(errorsBefore);
        var introduced = new List<SyntaxError>();
        foreach (var error in errorsAfter)
        {
            var same = old.FindIndex(e => e.Id == error.Id && e.Message == error.Message);
            if (same >= 0) old.RemoveAt(same);
            else introduced.Add(error);
        }

        if (introduced.Count > 0)
            return new VerifyOutcome(false, before,
                string.Join("\n", [$"Rolled back the edit to {path}: it introduced {introduced.Count} syntax error(s):", .. introduced.Select(e => Format(path, e))]),
                Nudge: false);

        var result = $"Edited {path}.";
        if (errorsAfter.Count > 0)
            result = string.Join("\n", [$"{result} {path} still has {errorsAfter.Count} syntax error(s) that were there before this edit:", .. errorsAfter.Select(e => Format(path, e))]);
        return new VerifyOutcome(true, after, result, Nudge: true);
    }

    private static string Format(string path, SyntaxError error) => $"{path}:{error.Line}:{error.Column}: error {error.Id}: {error.Message}";
}
