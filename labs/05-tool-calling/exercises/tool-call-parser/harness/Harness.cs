// The harness of lab 05 "tool-call-parser": visible code, compiled with your Solution.cs and run with it in the
// grading sandbox. The hidden checks run outside the sandbox: they send a model's reply, cut into chunks, and this
// harness feeds the chunks to a new HermesToolCallParser, calls Finish, and sends back what the parser read.
using System.Text.Json.Nodes;
using Workbench.LabSdk;

internal static class ToolCallParserHarness
{
    /// <summary>Input <c>{"chunks": ["&lt;tool_ca", "ll&gt;…"]}</c>: one new parser is fed each chunk in turn, then
    /// finished. Output: <c>{"content": "...", "tool_calls": [{"name": "...", "arguments": "{…}"}]}</c>.</summary>
    [HarnessOperation("parse")]
    public static JsonNode? Parse(JsonNode? input, HarnessContext context)
    {
        var parser = new HermesToolCallParser();
        foreach (var chunk in input!["chunks"]!.AsArray()) parser.Feed((string)chunk!);
        parser.Finish();
        return Result(parser);
    }

    /// <summary>Input <c>{"text": "...", "chunkings": [[5, 3, 12], …]}</c>: for each chunking a new parser is fed
    /// the text in chunks of those lengths (in characters), in order, then finished. Output: one result per
    /// chunking, as in <c>parse</c>.</summary>
    [HarnessOperation("parse_chunked")]
    public static JsonNode? ParseChunked(JsonNode? input, HarnessContext context)
    {
        var text = (string)input!["text"]!;
        var results = new JsonArray();
        foreach (var chunking in input["chunkings"]!.AsArray())
        {
            var parser = new HermesToolCallParser();
            var offset = 0;
            foreach (var length in chunking!.AsArray().Select(l => (int)l!))
            {
                parser.Feed(text.Substring(offset, length));
                offset += length;
            }
            parser.Finish();
            results.Add(Result(parser));
        }
        return results;
    }

    private static JsonObject Result(HermesToolCallParser parser) => new()
    {
        ["content"] = parser.Content,
        ["tool_calls"] = new JsonArray([.. parser.ToolCalls.Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["arguments"] = c.Arguments })]),
    };
}
