// Hidden checks of lab 08 "rollback". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. Each check sends one edit of a C# file (its text before and after, and the syntax
// errors of both) through the harness (operation "decide") and compares the student's decision with Reference
// below. The errors are what Roslyn reports for these texts (CSharpSyntaxTree.ParseText(text).GetDiagnostics(),
// 1-based line and column of the span's start); Lab.Tests parses every hidden text with Roslyn and checks that the
// lists here are exactly those (Lab08GradingTests).
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Labs.CodingAgent;

public static class RollbackChecks
{
    private const string Path = "src/Calculator.cs";

    private const string Good =
        "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a - b;\n        return sum;\n    }\n}\n";

    private const string GoodFixed = "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a + b;\n        return sum;\n    }\n}\n";

    // Line 7 lost its semicolon.
    private const string NoSemicolon = "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a + b\n        return sum;\n    }\n}\n";

    // As NoSemicolon, with a comment line added above the method: the same error, one line lower.
    private const string NoSemicolonCommented = "namespace Shop;\n\npublic static class Calculator\n{\n    // Adds two numbers.\n    public static int Add(int a, int b)\n    {\n        var sum = a + b\n        return sum;\n    }\n}\n";

    // As NoSemicolon, and the call on line 8 lost its closing parenthesis.
    private const string NoSemicolonNoParen = "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a + b\n        return Math.Abs(sum;\n    }\n}\n";

    // Both statements lost their semicolons.
    private const string TwoSemicolons = "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a + b\n        return sum\n    }\n}\n";

    // The semicolon is back, but the class's closing brace is gone.
    private const string NoBrace = "namespace Shop;\n\npublic static class Calculator\n{\n    public static int Add(int a, int b)\n    {\n        var sum = a + b;\n        return sum;\n    }\n";

    /// <summary>Every hidden edit: its name, the path, the text before and after, and Roslyn's errors of both as
    /// (line, column, id, message), 1-based. Also read by Lab.Tests, which parses each text with Roslyn.</summary>
    public static IReadOnlyList<(string Name, string Path, string Before, string After, (int Line, int Column, string Id, string Message)[] ErrorsBefore, (int Line, int Column, string Id, string Message)[] ErrorsAfter)> HiddenEdits() =>
    [
        ("clean", Path, Good, GoodFixed, [], []),
        ("not-code", "README.md", "# Shop\n\nAdds numbers.\n", "# Shop\n\nAdds two numbers.\n", [], []),
        ("breaks", Path, GoodFixed, NoSemicolon, [], [(7, 24, "CS1002", "; expected")]),
        ("already-broken", Path, NoSemicolon, NoSemicolonCommented, [(7, 24, "CS1002", "; expected")], [(8, 24, "CS1002", "; expected")]),
        ("fixes", Path, NoSemicolon, GoodFixed, [(7, 24, "CS1002", "; expected")], []),
        ("new-among-old", Path, NoSemicolon, NoSemicolonNoParen, [(7, 24, "CS1002", "; expected")],
            [(7, 24, "CS1002", "; expected"), (8, 28, "CS1026", ") expected")]),
        ("same-error-twice", Path, NoSemicolon, TwoSemicolons, [(7, 24, "CS1002", "; expected")],
            [(7, 24, "CS1002", "; expected"), (8, 19, "CS1002", "; expected")]),
        ("fix-and-break", Path, NoSemicolon, NoBrace, [(7, 24, "CS1002", "; expected")], [(9, 6, "CS1513", "} expected")]),
    ];

    /// <summary>The reference decision: walk the errors after the edit in order, each cancelling one unused error
    /// before it with the same id and message; any left over are new and roll the edit back; otherwise it is kept
    /// and the model nudged. The texts are those of exercise.yaml.</summary>
    public static (bool Keep, string Content, string ToolResult, bool Nudge) Reference(string path, string before, string after,
        (int Line, int Column, string Id, string Message)[] errorsBefore, (int Line, int Column, string Id, string Message)[] errorsAfter)
    {
        var old = errorsBefore.ToList();
        var introduced = new List<(int Line, int Column, string Id, string Message)>();
        foreach (var error in errorsAfter)
        {
            var same = old.FindIndex(e => e.Id == error.Id && e.Message == error.Message);
            if (same >= 0) old.RemoveAt(same);
            else introduced.Add(error);
        }
        string Format((int Line, int Column, string Id, string Message) e) => $"{path}:{e.Line}:{e.Column}: error {e.Id}: {e.Message}";
        if (introduced.Count > 0)
            return (false, before, string.Join("\n", [$"Rolled back the edit to {path}: it introduced {introduced.Count} syntax error(s):", .. introduced.Select(Format)]), false);
        var result = $"Edited {path}.";
        if (errorsAfter.Length > 0)
            result = string.Join("\n", [$"{result} {path} still has {errorsAfter.Length} syntax error(s) that were there before this edit:", .. errorsAfter.Select(Format)]);
        return (true, after, result, true);
    }

    [Check("keeps-clean-edit")]
    public static async Task KeepsCleanEdit(CheckContext context)
    {
        await ExpectAsync(context, "clean", "An edit of a C# file with no errors before or after");
        await ExpectAsync(context, "not-code", "An edit of a Markdown file (no syntax check: no errors)");
    }

    [Check("rolls-back-broken")]
    public static Task RollsBackBroken(CheckContext context) =>
        ExpectAsync(context, "breaks", "An edit that removes a semicolon from a file without errors");

    [Check("already-broken")]
    public static Task AlreadyBroken(CheckContext context) =>
        ExpectAsync(context, "already-broken", "An edit that adds a comment line to a file already missing a semicolon (the old error moves from line 7 to line 8)");

    [Check("keeps-a-fix")]
    public static Task KeepsAFix(CheckContext context) =>
        ExpectAsync(context, "fixes", "An edit that adds the missing semicolon");

    [Check("only-new-errors")]
    public static async Task OnlyNewErrors(CheckContext context)
    {
        await ExpectAsync(context, "new-among-old", "An edit that removes a parenthesis from a file already missing a semicolon");
        await ExpectAsync(context, "same-error-twice", "An edit that removes a second semicolon (the same id and message as the old error, once more)");
    }

    [Check("fix-and-break")]
    public static Task FixAndBreak(CheckContext context) =>
        ExpectAsync(context, "fix-and-break", "An edit that fixes the semicolon but removes the class's closing brace (one error before, one after, a different one)");

    private static async Task ExpectAsync(CheckContext context, string name, string what)
    {
        var edit = HiddenEdits().Single(e => e.Name == name);
        var input = new JsonObject
        {
            ["path"] = edit.Path,
            ["before"] = edit.Before,
            ["after"] = edit.After,
            ["errors_before"] = Errors(edit.ErrorsBefore),
            ["errors_after"] = Errors(edit.ErrorsAfter),
        };
        var result = await context.CallAsync("decide", input);
        if (result?["keep"] is null)
            throw new CheckFailedException($"{what}: Decide returned null; it must return a VerifyOutcome.");
        var expected = Reference(edit.Path, edit.Before, edit.After, edit.ErrorsBefore, edit.ErrorsAfter);
        var keep = (bool)result["keep"]!;
        var why = edit.ErrorsBefore.Length == 0 && edit.ErrorsAfter.Length == 0 ? "there are no syntax errors"
            : $"errors before: {Show(edit.ErrorsBefore)}; after: {Show(edit.ErrorsAfter)}";
        if (keep != expected.Keep)
            throw new CheckFailedException(expected.Keep
                ? $"{what}: the edit was rolled back; it must be kept ({why}; an error that was there before is not this edit's fault — match errors by id and message, not by position)."
                : $"{what}: the edit was kept; it must be rolled back ({why}: the edit introduced an error).");
        if ((string?)result["content"] != expected.Content)
            throw new CheckFailedException($"{what}: Content is {(((string?)result["content"]) == edit.After ? "the text after the edit" : ((string?)result["content"]) == edit.Before ? "the text before the edit" : "neither text")}; a {(keep ? "kept" : "rolled back")} edit leaves the text {(keep ? "after" : "before")} it.");
        if ((bool?)result["nudge"] != expected.Nudge)
            throw new CheckFailedException(expected.Nudge
                ? $"{what}: no nudge after a kept edit; every kept edit is followed by the nudge to run the tests."
                : $"{what}: a nudge after a rollback; never nudge after a rollback (the file is as it was: there is nothing new to verify).");
        if ((string?)result["tool_result"] != expected.ToolResult)
            throw new CheckFailedException($"{what}: the tool result is {Quote((string?)result["tool_result"])}; expected {Quote(expected.ToolResult)}.");
    }

    private static JsonArray Errors((int Line, int Column, string Id, string Message)[] errors) =>
        [.. errors.Select(e => (JsonNode)new JsonObject { ["line"] = e.Line, ["column"] = e.Column, ["id"] = e.Id, ["message"] = e.Message })];

    private static string Show((int Line, int Column, string Id, string Message)[] errors) =>
        errors.Length == 0 ? "none" : string.Join(", ", errors.Select(e => $"{e.Id} '{e.Message}' at {e.Line}:{e.Column}"));

    private static string Quote(string? text) => text is null ? "null" : System.Text.Json.JsonSerializer.Serialize(text);
}
