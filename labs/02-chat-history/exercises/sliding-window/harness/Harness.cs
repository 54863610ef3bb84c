// The harness of lab 02 "sliding-window": visible code, compiled with your Solution.cs and run with it in the
// grading sandbox. The hidden checks run outside the sandbox: they send a history (each message with its role and
// its token count) and a budget; this harness builds the ChatMessage objects, the token counter (it knows each
// message by reference), calls your Solution.SlidingWindow and sends back which messages it kept, by their index
// in the history (-1 for a message that is not one of the given objects).
using System.Text.Json.Nodes;
using Microsoft.Extensions.AI;
using Workbench.LabSdk;

internal static class SlidingWindowHarness
{
    /// <summary>
    /// Input <c>{"budget": 80, "messages": [{"role": "system" | "user" | "assistant" | "tool", "text": "...",
    /// "calls": ["call_1"], "result": "call_1", "tokens": 20}, …]}</c> (<c>calls</c>: an assistant's function calls;
    /// <c>result</c>: a tool message's call id). Output <c>{"kept": [0, 3, 4]}</c>, or <c>{"kept": null}</c> when
    /// SlidingWindow returned null.
    /// </summary>
    [HarnessOperation("sliding-window")]
    public static JsonNode? SlidingWindow(JsonNode? input, HarnessContext context)
    {
        var budget = (int)input!["budget"]!;
        var messages = new List<ChatMessage>();
        var tokens = new Dictionary<ChatMessage, int>(ReferenceEqualityComparer.Instance);
        foreach (var item in input["messages"]!.AsArray())
        {
            var message = ToMessage(item!);
            messages.Add(message);
            tokens[message] = (int)item!["tokens"]!;
        }

        int CountTokens(ChatMessage message) =>
            message is not null && tokens.TryGetValue(message, out var count)
                ? count
                : throw new ArgumentException("countTokens was called with a message that is not in the history. " +
                    "Count the ChatMessage objects you were given, not copies.");

        var kept = Solution.SlidingWindow(messages.AsReadOnly(), budget, CountTokens);
        if (kept is null) return new JsonObject { ["kept"] = null };
        return new JsonObject { ["kept"] = new JsonArray([.. kept.Select(m => (JsonNode)messages.FindIndex(x => ReferenceEquals(x, m)))]) };
    }

    private static ChatMessage ToMessage(JsonNode item)
    {
        var role = new ChatRole((string)item["role"]!);
        if (item["calls"] is JsonArray calls)
        {
            return new ChatMessage(role, [.. calls.Select(id => (AIContent)new FunctionCallContent((string)id!, "get_weather",
                new Dictionary<string, object?> { ["city"] = "Paris" }))]);
        }
        if (item["result"] is { } callId) return new ChatMessage(role, [new FunctionResultContent((string)callId!, "sunny, 21 degrees")]);
        return new ChatMessage(role, (string?)item["text"] ?? "");
    }
}
