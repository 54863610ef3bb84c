// The harness of lab 01 "chat-request": visible code, compiled with your Solution.cs and run with it in the grading
// sandbox. The hidden checks run outside the sandbox: they call the operation "ask" with the two messages, this
// harness calls your Solution.AskAsync, and what it returns travels back as JSON. The checks compare it with the
// request and response the grading gateway recorded on the wire.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class ChatRequestHarness
{
    /// <summary>Input <c>{"system": "...", "user": "..."}</c>; output the <c>ChatAnswer</c> as
    /// <c>{"text", "promptTokens", "completionTokens", "totalTokens"}</c>, or null when AskAsync returned null.</summary>
    [HarnessOperation("ask")]
    public static async Task<JsonNode?> AskAsync(JsonNode? input, HarnessContext context)
    {
        var system = (string)input!["system"]!;
        var user = (string)input["user"]!;
        var answer = await Solution.AskAsync(context.Lab, system, user, context.CancellationToken);
        if (answer is null) return null;
        return new JsonObject
        {
            ["text"] = answer.Text,
            ["promptTokens"] = answer.PromptTokens,
            ["completionTokens"] = answer.CompletionTokens,
            ["totalTokens"] = answer.TotalTokens,
        };
    }
}
