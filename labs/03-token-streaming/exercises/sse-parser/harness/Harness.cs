// The harness of lab 03 "sse-parser": visible code, compiled with your Solution.cs and run with it in the grading
// sandbox. The hidden checks run outside the sandbox: they send a stream's bytes and the ways to cut it into
// chunks; this harness feeds the chunks to a new SseChatParser for each way and sends back the parser's state.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class SseParserHarness
{
    /// <summary>Input <c>{"stream": "&lt;base64&gt;", "chunkings": [[5, 3, 12], …]}</c>: for each chunking a new
    /// parser is fed the stream in chunks of those sizes, in order. Output: one state per chunking,
    /// <c>[{"content": "...", "finishReason": "stop" | null, "isDone": true}, …]</c>.</summary>
    [HarnessOperation("parse")]
    public static JsonNode? Parse(JsonNode? input, HarnessContext context)
    {
        var stream = Convert.FromBase64String((string)input!["stream"]!);
        var states = new JsonArray();
        foreach (var chunking in input["chunkings"]!.AsArray())
        {
            var parser = new SseChatParser();
            var offset = 0;
            foreach (var size in chunking!.AsArray().Select(s => (int)s!))
            {
                parser.Feed(stream.AsSpan(offset, size));
                offset += size;
            }
            states.Add(State(parser));
        }
        return states;
    }

    /// <summary>Input <c>{"chunks": ["&lt;base64&gt;", …]}</c>: one new parser is fed each chunk in turn. Output:
    /// its state after each <c>Feed</c>, as in <c>parse</c>.</summary>
    [HarnessOperation("feed")]
    public static JsonNode? Feed(JsonNode? input, HarnessContext context)
    {
        var parser = new SseChatParser();
        var states = new JsonArray();
        foreach (var chunk in input!["chunks"]!.AsArray())
        {
            parser.Feed(Convert.FromBase64String((string)chunk!));
            states.Add(State(parser));
        }
        return states;
    }

    private static JsonObject State(SseChatParser parser) => new()
    {
        ["content"] = parser.Content,
        ["finishReason"] = parser.FinishReason,
        ["isDone"] = parser.IsDone,
    };
}
