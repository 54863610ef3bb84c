// The harness of lab 09 "new-tool-corpus": visible code, compiled with your Generator.cs and run with it in the
// grading sandbox. The grader (outside the sandbox) asks for conversations once; this harness calls your
// CorpusGenerator.Generate and sends them back as JSON. Everything else — validation, training, the hidden prompts —
// happens in the grader, never here.
using System.Text.Json.Nodes;
using Workbench.LabSdk;
using Workbench.LabSdk.Corpus;


internal static class NewToolCorpusHarness
{
    /// <summary>Input <c>{"seed": 9, "count": 300}</c>. Output <c>{"conversations": [{"tools": [...], "messages":
    /// [...], "expected": {"tool": "get_exchange_rate" | null, "arguments": {...} | null}}, ...]}</c>: the first
    /// <c>count</c> items your generator yields (an endless generator is cut there). A null item is your code's
    /// failure.</summary>
    [HarnessOperation("generate")]
    public static JsonNode? Generate(JsonNode? input, HarnessContext context)
    {
        var seed = (int)input!["seed"]!;
        var count = (int)input["count"]!;
        var conversations = new JsonArray();
        foreach (var conversation in CorpusGenerator.Generate(new Random(seed), count) ?? [])
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            if (conversations.Count == count) break;
            if (conversation is null) throw new InvalidOperationException($"Generate yielded null as item {conversations.Count + 1}.");
            conversations.Add(new JsonObject
            {
                ["tools"] = new JsonArray([.. (conversation.Tools ?? []).Select(t => t?.DeepClone())]),
                ["messages"] = new JsonArray([.. (conversation.Messages ?? []).Select(m => m?.DeepClone())]),
                ["expected"] = new JsonObject
                {
                    ["tool"] = conversation.Expected?.ToolName,
                    ["arguments"] = conversation.Expected?.Arguments?.DeepClone(),
                },
            });
        }
        return new JsonObject { ["conversations"] = conversations };
    }
}
