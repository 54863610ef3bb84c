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

    /// <summary>Decides about one edit of <paramref name="path"/>.</summary>
    /// <param name="path">The file's path in the workspace, as the model named it.</param>
    /// <param name="before">The file's text before the edit.</param>
    /// <param name="after">The file's text after the edit.</param>
    /// <param name="errorsBefore">The syntax errors of <paramref name="before"/>, in file order.</param>
    /// <param name="errorsAfter">The syntax errors of <paramref name="after"/>, in file order.</param>
    /// <returns>Keep or roll back, the file's text, the tool result and whether to nudge.</returns>
    public static VerifyOutcome Decide(string path, string before, string after, IReadOnlyList<SyntaxError> errorsBefore, IReadOnlyList<SyntaxError> errorsAfter)
    {
        // TODO 1. Find the errors the edit introduced: walk errorsAfter in order; each one cancels one not yet used
        //         error of errorsBefore with the same Id and Message (lines move when an edit adds lines above an
        //         error, so never compare positions). What is left over is new.
        // TODO 2. New errors: roll back (Content = before, no nudge), ToolResult =
        //         "Rolled back the edit to {path}: it introduced {k} syntax error(s):" then one line per new error,
        //         "{path}:{line}:{column}: error {id}: {message}", joined with "\n".
        // TODO 3. No new errors: keep (Content = after, nudge), ToolResult = "Edited {path}." and, when errorsAfter is
        //         not empty, " {path} still has {n} syntax error(s) that were there before this edit:" then one line
        //         per error of errorsAfter as in TODO 2.
        throw new NotImplementedException("TODO");
    }
}
