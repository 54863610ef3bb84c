// Hidden checks of lab 08 "edit-file". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. Each check sends a file's text and one edit through the harness (operation "apply")
// and compares the EditResult with the expected one, written out by hand below from the rules in exercise.yaml:
// ordinal matching, every start position counted (overlaps included: IndexOf from the previous match + 1), a
// literal splice, the four error texts, and CRLF conversion of old_string and new_string when the file has "\r\n".
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Labs.CodingAgent;

public static class EditFileChecks
{
    private const string Program =
        "public static class Calculator\n{\n    public static int Add(int a, int b) => a - b;\n\n    public static int Twice(int x) => x + x;\n}\n";

    [Check("one-match")]
    public static async Task OneMatch(CheckContext context)
    {
        await ExpectAppliedAsync(context, "One line of a C# file", Program, "a - b", "a + b",
            "public static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n\n    public static int Twice(int x) => x + x;\n}\n");
        await ExpectAppliedAsync(context, "Two lines at once (old_string spans a line end)", Program,
            "a - b;\n\n    public static int Twice", "a + b;\n\n    // doubles x\n    public static int Twice",
            "public static class Calculator\n{\n    public static int Add(int a, int b) => a + b;\n\n    // doubles x\n    public static int Twice(int x) => x + x;\n}\n");
        await ExpectAppliedAsync(context, "The very start of the file", "x = 1\ny = 2\n", "x = 1", "x = 10", "x = 10\ny = 2\n");
        await ExpectAppliedAsync(context, "The very end of the file, deleting it (new_string empty)", "x = 1\ny = 2\n", "y = 2\n", "", "x = 1\n");
        await ExpectAppliedAsync(context, "A unique occurrence beside a near miss ('Add(' once, 'add' in lower case elsewhere)",
            "// add two numbers\nint Add(int a, int b) => a - b;\n", "Add(", "Sum(", "// add two numbers\nint Sum(int a, int b) => a - b;\n");
    }

    [Check("zero-matches")]
    public static async Task ZeroMatches(CheckContext context)
    {
        await ExpectRefusedAsync(context, "A line that is not in the file", Program, "a * b", "a + b", "old_string not found");
        await ExpectRefusedAsync(context, "Case differs (ordinal matching)", Program, "public static int add(", "public static int Sum(", "old_string not found");
        await ExpectRefusedAsync(context, "An empty file", "", "x", "y", "old_string not found");
        await ExpectRefusedAsync(context, "old_string longer than the file", "ab", "abc", "x", "old_string not found");
    }

    [Check("several-matches")]
    public static async Task SeveralMatches(CheckContext context)
    {
        await ExpectRefusedAsync(context, "'public static' occurs 3 times", Program, "public static", "internal static",
            "old_string occurs 3 times; add context to make it unique");
        await ExpectRefusedAsync(context, "'x' occurs twice on one line", "var y = x * x;\n", "x", "z",
            "old_string occurs 2 times; add context to make it unique");
        var many = string.Concat(Enumerable.Repeat("return 0;\n", 12));
        await ExpectRefusedAsync(context, "12 identical lines", many, "return 0;", "return 1;",
            "old_string occurs 12 times; add context to make it unique");
        await ExpectAppliedAsync(context, "The same text made unique by its neighbour line (the fix the error asks for)", "int a = 0;\nreturn 0;\nint b = 0;\nreturn 0;\n",
            "int b = 0;\nreturn 0;", "int b = 0;\nreturn b;", "int a = 0;\nreturn 0;\nint b = 0;\nreturn b;\n");
    }

    [Check("overlapping")]
    public static async Task Overlapping(CheckContext context)
    {
        await ExpectRefusedAsync(context, "'aa' in 'aaa' (starts at 0 and at 1; a non-overlapping count says 1)", "aaa", "aa", "b",
            "old_string occurs 2 times; add context to make it unique");
        await ExpectRefusedAsync(context, "'abab' in 'ababab' (starts at 0 and at 2)", "ababab", "abab", "x",
            "old_string occurs 2 times; add context to make it unique");
        await ExpectRefusedAsync(context, "'==' in 'if (a === b)' (starts at 6 and at 7)", "if (a === b)", "==", "!=",
            "old_string occurs 2 times; add context to make it unique");
        await ExpectAppliedAsync(context, "'aa' in 'aab' occurs once", "aab", "aa", "c", "cb");
    }

    [Check("whitespace")]
    public static async Task Whitespace(CheckContext context)
    {
        const string tabbed = "def f():\n\treturn 1\n";
        await ExpectRefusedAsync(context, "The file indents with a tab; old_string with four spaces", tabbed, "    return 1", "    return 2", "old_string not found");
        await ExpectAppliedAsync(context, "The same line with the tab", tabbed, "\treturn 1", "\treturn 2", "def f():\n\treturn 2\n");
        await ExpectRefusedAsync(context, "A trailing space in old_string the file does not have", "x = 1\n", "x = 1 \n", "x = 2\n", "old_string not found");
        await ExpectAppliedAsync(context, "Two spaces are not one", "a  b a b", "a b", "c", "a  b c");
    }

    [Check("crlf")]
    public static async Task Crlf(CheckContext context)
    {
        const string file = "int a = 1;\r\nint b = 2;\r\nint c = 3;\r\n";
        await ExpectAppliedAsync(context, "A CRLF file, old_string over two lines with \\n", file, "int a = 1;\nint b = 2;", "int a = 10;\nint b = 20;",
            "int a = 10;\r\nint b = 20;\r\nint c = 3;\r\n");
        await ExpectAppliedAsync(context, "A CRLF file, new_string adds lines with \\n: they get \\r\\n too", file, "int b = 2;\n", "int b = 2;\n// added\n",
            "int a = 1;\r\nint b = 2;\r\n// added\r\nint c = 3;\r\n");
        await ExpectAppliedAsync(context, "A CRLF file, old_string already with \\r\\n", file, "int c = 3;\r\n", "int c = 30;\n",
            "int a = 1;\r\nint b = 2;\r\nint c = 30;\r\n");
        await ExpectRefusedAsync(context, "A CRLF file, old_string of two lines that occur twice once converted", "x = 1;\r\ny = 2;\r\nx = 1;\r\ny = 2;\r\n", "x = 1;\ny = 2;", "x = 3;\ny = 4;",
            "old_string occurs 2 times; add context to make it unique");
        await ExpectRefusedAsync(context, "An LF file, old_string with \\r\\n (matched as given)", "int a = 1;\nint b = 2;\n", "int a = 1;\r\nint b = 2;", "x",
            "old_string not found");
        await ExpectAppliedAsync(context, "An LF file keeps \\n", "int a = 1;\nint b = 2;\n", "int a = 1;\n", "int a = 1;\n// next\n", "int a = 1;\n// next\nint b = 2;\n");
    }

    [Check("empty-or-unchanged")]
    public static async Task EmptyOrUnchanged(CheckContext context)
    {
        await ExpectRefusedAsync(context, "An empty old_string (it would match at every position)", Program, "", "// header\n", "old_string is empty");
        await ExpectRefusedAsync(context, "An empty old_string on an empty file", "", "", "x", "old_string is empty");
        await ExpectRefusedAsync(context, "new_string equals old_string", Program, "a - b", "a - b", "no change: new_string equals old_string");
        await ExpectRefusedAsync(context, "new_string equals an old_string that occurs 3 times (no change comes first)", Program, "public static", "public static",
            "no change: new_string equals old_string");
    }

    [Check("literal")]
    public static async Task Literal(CheckContext context)
    {
        await ExpectAppliedAsync(context, "new_string with $1, $& and $$ (group references to Regex.Replace)", "price = 0\n", "0", "$1 $& $$ ${x}",
            "price = $1 $& $$ ${x}\n");
        await ExpectAppliedAsync(context, "old_string with regex characters: a.b( matches only itself", "axb( a.b(\n", "a.b(", "f(", "axb( f(\n");
        await ExpectRefusedAsync(context, "old_string '.*' is not a pattern", "anything at all", ".*", "x", "old_string not found");
        await ExpectAppliedAsync(context, "Backslashes stay as they are", "path = \"C:\\\\tmp\"\n", "C:\\\\tmp", "D:\\\\data\\\\$0",
            "path = \"D:\\\\data\\\\$0\"\n");
    }

    private static async Task ExpectAppliedAsync(CheckContext context, string what, string content, string oldString, string newString, string expected)
    {
        var (ok, got, error) = await ApplyAsync(context, content, oldString, newString);
        if (!ok)
            throw new CheckFailedException($"{what}: the edit was refused ({Show(error)}), but old_string {Show(oldString)} occurs exactly once in {Show(content)}.");
        if (got != expected)
            throw new CheckFailedException($"{what}: replacing {Show(oldString)} with {Show(newString)} gave {Show(got)}; expected {Show(expected)}.{Hint(content, newString, got, expected)}");
        if (error is not null)
            throw new CheckFailedException($"{what}: the edit was applied but Error is {Show(error)}; it must be null when Ok.");
    }

    private static async Task ExpectRefusedAsync(CheckContext context, string what, string content, string oldString, string newString, string expectedError)
    {
        var (ok, got, error) = await ApplyAsync(context, content, oldString, newString);
        if (ok)
            throw new CheckFailedException($"{what}: the edit was applied (giving {Show(got)}); it must be refused with {Show(expectedError)}.");
        if (error != expectedError)
            throw new CheckFailedException($"{what}: the error is {Show(error)}; expected {Show(expectedError)}.");
        if (got != content)
            throw new CheckFailedException($"{what}: refused, but Content is {Show(got)}; on an error it must be the file's text unchanged, {Show(content)}.");
    }

    private static async Task<(bool Ok, string? Content, string? Error)> ApplyAsync(CheckContext context, string content, string oldString, string newString)
    {
        var result = await context.CallAsync("apply", new JsonObject { ["content"] = content, ["old_string"] = oldString, ["new_string"] = newString });
        if (result?["ok"] is null)
            throw new CheckFailedException("Apply returned null; it must return an EditResult.");
        return ((bool)result["ok"]!, (string?)result["content"], (string?)result["error"]);
    }

    private static string Hint(string content, string newString, string? got, string expected)
    {
        if (content.Contains("\r\n", StringComparison.Ordinal) && got is not null && got.Replace("\r\n", "\n") == expected.Replace("\r\n", "\n"))
            return " The file has \\r\\n line ends: convert new_string to CRLF too, so the file keeps one kind of line end.";
        if (newString.Contains('$'))
            return " new_string is taken literally: Regex.Replace reads $1, $& and $$ as references.";
        return "";
    }

    private static string Show(string? text) => text is null ? "null" : System.Text.Json.JsonSerializer.Serialize(text);
}
