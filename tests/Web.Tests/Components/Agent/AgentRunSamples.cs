using Workbench.Engine.Conversation;
using Workbench.Lab.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>Run records shaped like the agent service's (the views' input): a verify-on-edit run on a one-file
/// Python task that reads, makes a broken edit (rolled back), a non-unique edit (refused), a good edit (nudged),
/// runs the tests and answers.</summary>
internal static class AgentRunSamples
{
    public const string Original = "def add(a, b):\n    return a - b\n\ndef sub(a, b):\n    return a - b\n";
    public const string Broken = "def add(a, b):\n    return a +\n\ndef sub(a, b):\n    return a - b\n";
    public const string Fixed = "def add(a, b):\n    return a + b\n\ndef sub(a, b):\n    return a - b\n";
    public const string Nudge = "The edit is in place and it parses. Now verify it: run the tests with bash.";
    public const string SyntaxError = "calc.py:2:15: invalid syntax";

    public static IReadOnlyDictionary<string, string> TaskFiles { get; } = new Dictionary<string, string>
    {
        ["task.md"] = "# Fix add\nadd subtracts.",
        ["calc.py"] = Original,
        ["tests/test_calc.py"] = "from calc import add\nassert add(2, 3) == 5\n",
    };

    public static AgentRunRecord Finished()
    {
        var steps = Steps();
        return Record(steps, steps.Count, AgentRunStatus.Finished) with
        {
            StopReason = AgentStopReason.FinalAnswer,
            FinalAnswer = "Fixed add: it returned a - b.",
            Tests = new AgentTestOutcome("python3 -m pytest -q", true, 0, "1 passed in 0.01s", 412),
            Diff = "--- a/calc.py\n+++ b/calc.py\n@@ -1,2 +1,2 @@\n def add(a, b):\n-    return a - b\n+    return a + b\n",
            EndedAt = DateTimeOffset.UnixEpoch.AddSeconds(9),
        };
    }

    /// <summary>The same run while it is working, after <paramref name="steps"/> steps.</summary>
    public static AgentRunRecord Running(int steps) => Record(Steps(), steps, AgentRunStatus.Running);

    private static AgentRunRecord Record(IReadOnlyList<AgentStep> steps, int count, AgentRunStatus status)
    {
        var shown = steps.Take(count).ToList();
        var edits = Edits().Where(e => e.Step <= count).ToList();
        return new AgentRunRecord(
            "0123456789abcdef0123456789abcdef", "fix-add", "scripted", "scripted-coder", true, null, null, status, null, null, "",
            shown, edits, null, "", shown.Sum(s => s.InputTokens ?? 0), shown.Sum(s => s.OutputTokens ?? 0),
            DateTimeOffset.UnixEpoch, null);
    }

    private static List<AgentFileEdit> Edits() =>
    [
        new(2, "c2", "calc.py", Original, Broken, true, SyntaxError),
        new(4, "c4", "calc.py", Original, Fixed, false, null),
        new(5, "c5", "notes.txt", "", "add fixed\n", false, null),
    ];

    private static List<AgentStep> Steps() =>
    [
        new(1, "<tool_call>{\"name\":\"read_file\"}</tool_call>", "", [new ToolCall("c1", "read_file", """{"path":"calc.py"}""")],
            [new AgentToolResult("c1", "read_file", "1\tdef add(a, b):\n2\t    return a - b", false, 3)], 120, 14, 250),
        new(2, "", "", [new ToolCall("c2", "edit_file", """{"path":"calc.py","old_string":"return a - b\n\ndef sub","new_string":"return a +\n\ndef sub"}""")],
            [new AgentToolResult("c2", "edit_file", "Rolled back: " + SyntaxError, true, 40, 0)], 180, 30, 300),
        new(3, "", "", [new ToolCall("c3", "edit_file", """{"path":"calc.py","old_string":"return a - b","new_string":"return a + b"}""")],
            [new AgentToolResult("c3", "edit_file", "old_string occurs 2 times in calc.py; it must occur exactly once. The file is unchanged.", true, 2)], 220, 28, 280),
        new(4, "", "", [new ToolCall("c4", "edit_file", """{"path":"calc.py","old_string":"def add(a, b):\n    return a - b","new_string":"def add(a, b):\n    return a + b"}""")],
            [new AgentToolResult("c4", "edit_file", "Edited calc.py.", false, 35, 1)], 260, 40, 310, Nudge: Nudge),
        new(5, "", "", [new ToolCall("c5", "write_file", """{"path":"notes.txt","content":"add fixed\n"}"""), new ToolCall("c6", "bash", """{"command":"python3 -m pytest -q"}""")],
            [new AgentToolResult("c5", "write_file", "Wrote notes.txt.", false, 1, 2), new AgentToolResult("c6", "bash", "1 passed", false, 900)], 300, 35, 1200,
            Compaction: null),
        new(6, "Fixed add: it returned a - b.", "Fixed add: it returned a - b.", [], [], 340, 12, 150, Compaction: "The user asked to fix add; it is fixed and the tests pass."),
    ];
}
