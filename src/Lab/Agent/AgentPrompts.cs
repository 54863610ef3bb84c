using System.Globalization;

namespace Workbench.Lab.Agent;

/// <summary>
/// The exact texts the agent harness sends, in one place so the UI shows them verbatim: the system prompt, the
/// result of a rolled-back edit, and the nudge after a kept edit (verify-on-edit; the nudge alone was worth +2 of 45
/// hard tasks in the lecture's harness study, 33.3 % → 37.8 %).
/// </summary>
public static class AgentPrompts
{
    /// <summary>The system prompt of every run.</summary>
    public const string System =
        """
        You are a coding agent working in a small repository (the workspace). Use the tools to do the task:
        read_file to read a file (numbered lines), grep and glob to find code, edit_file to change a file
        (old_string must occur exactly once: include enough surrounding lines), write_file to create a file,
        bash to run commands such as the tests. Paths are relative to the workspace. Make the smallest change
        that fixes the task, run the tests to check it, then answer with a short summary of what you changed.
        """;

    /// <summary>The tool result of an edit that verify-on-edit rolled back; <c>{0}</c> is the path, <c>{1}</c> the
    /// syntax errors (one <c>path:line:col: message</c> per line).</summary>
    public const string RollbackFormat =
        "The edit to {0} was rolled back: it introduced syntax errors, and the file is unchanged.\n{1}\nFix the edit and try again.";

    /// <summary>The user message appended after a step with a kept edit when verify-on-edit is on.</summary>
    public const string Nudge =
        "Your edit was applied and the file's syntax is valid. Now verify it: run the tests with bash before you answer.";

    /// <summary>The system prompt of the compaction request (a model-written summary replaces older steps).</summary>
    public const string CompactionSystem =
        "Summarize the agent's work below for the agent itself: the task, which files it read and changed, what the "
        + "tests said, and what is left to do. Keep file names, function names and error messages exactly. At most 200 words.";

    /// <summary>The message that stands for the compacted steps; <c>{0}</c> is the summary.</summary>
    public const string CompactionCardFormat = "Summary of your earlier steps (older messages were compacted): {0}";

    /// <summary>The rollback result for <paramref name="path"/> and its <paramref name="errors"/>.</summary>
    public static string Rollback(string path, string errors) => string.Format(CultureInfo.InvariantCulture, RollbackFormat, path, errors);
}
