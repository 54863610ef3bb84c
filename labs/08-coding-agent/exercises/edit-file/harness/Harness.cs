// The harness of lab 08 "edit-file": visible code, compiled with your Solution.cs and run with it in the grading
// sandbox. The hidden checks run outside the sandbox: they send a file's text and one edit, this harness calls your
// EditTool.Apply and sends back what it returned.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class EditFileHarness
{
    /// <summary>Input <c>{"content": "...", "old_string": "...", "new_string": "..."}</c>. Output
    /// <c>{"ok": true|false, "content": "...", "error": "..." | null}</c>: your <see cref="EditResult"/>. An exception
    /// is reported as your code's failure.</summary>
    [HarnessOperation("apply")]
    public static JsonNode? Apply(JsonNode? input, HarnessContext context)
    {
        var result = EditTool.Apply((string)input!["content"]!, (string)input["old_string"]!, (string)input["new_string"]!);
        return new JsonObject
        {
            ["ok"] = result?.Ok,
            ["content"] = result?.Content,
            ["error"] = result?.Error,
        };
    }
}
