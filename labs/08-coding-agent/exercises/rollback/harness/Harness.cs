// The harness of lab 08 "rollback": visible code, compiled with your Solution.cs and run with it in the grading
// sandbox. The hidden checks run outside the sandbox: they send one edit (the file's text before and after it, and
// the syntax errors of each, as Roslyn reported them), this harness calls your VerifyOnEdit.Decide and sends back
// its decision.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class RollbackHarness
{
    /// <summary>Input <c>{"path": "...", "before": "...", "after": "...", "errors_before": [{"line": 1, "column": 1,
    /// "id": "CS1002", "message": "; expected"}, …], "errors_after": […]}</c>. Output <c>{"keep": bool, "content":
    /// "...", "tool_result": "...", "nudge": bool}</c>: your <see cref="VerifyOutcome"/>.</summary>
    [HarnessOperation("decide")]
    public static JsonNode? Decide(JsonNode? input, HarnessContext context)
    {
        var outcome = VerifyOnEdit.Decide((string)input!["path"]!, (string)input["before"]!, (string)input["after"]!,
            Errors(input["errors_before"]), Errors(input["errors_after"]));
        return new JsonObject
        {
            ["keep"] = outcome?.Keep,
            ["content"] = outcome?.Content,
            ["tool_result"] = outcome?.ToolResult,
            ["nudge"] = outcome?.Nudge,
        };
    }

    private static List<SyntaxError> Errors(JsonNode? errors) =>
        [.. errors!.AsArray().Select(e => new SyntaxError((int)e!["line"]!, (int)e["column"]!, (string)e["id"]!, (string)e["message"]!))];
}
