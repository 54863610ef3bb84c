// Hidden checks of lab 05 "tool-call-parser". Compiled alone and run in the grading process, never in the sandbox
// and never served to students. Each check sends model replies in the Hermes format whose calls and content are
// known, cut into chunks in several ways, through the harness (operations "parse" and "parse_chunked"), and
// compares what the student's parser read. Content is compared without whitespace at its start and end (servers
// differ there: vLLM keeps "\n" before a call, llama.cpp trims); arguments are compared as JSON values.
//
// The "real" replies are model outputs quoted in vLLM's tests/tool_use/test_hermes_tool_parser.py (Qwen3 tokenizer,
// "final_answer" between tags, until end of stream, with a missing brace; "get_current_temperature" streamed) and
// assistant turns rendered by Qwen2.5-7B-Instruct's own chat template (../shared/templates/qwen2.5-instruct.jinja:
// content, then "\n<tool_call>\n{"name": …, "arguments": …}\n</tool_call>" per call).
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Labs.ToolCalling;

public static class ToolCallParserChecks
{
    private static readonly Reply FinalAnswer = new(
        "<tool_call>\n{\"name\": \"final_answer\", \"arguments\": {\"trigger\": true}}\n</tool_call>",
        "", [("final_answer", "{\"trigger\": true}")]);

    private static readonly Reply Temperature = new(
        "<tool_call>{\"name\": \"get_current_temperature\",\"arguments\": {\"location\":\"San Francisco, California, United States\", \"unit\": \"celsius\"}}</tool_call>",
        "", [("get_current_temperature", "{\"location\": \"San Francisco, California, United States\", \"unit\": \"celsius\"}")]);

    private static readonly Reply QwenWithContent = new(
        "THIS IS CONTENT\n<tool_call>\n{\"name\": \"get_current_temperature\", \"arguments\": {\"location\": \"Paris, France\", \"unit\": \"celsius\"}}\n</tool_call>",
        "THIS IS CONTENT", [("get_current_temperature", "{\"location\": \"Paris, France\", \"unit\": \"celsius\"}")]);

    private static readonly Reply Parallel = new(
        "I'll look up both cities.\n<tool_call>\n{\"name\": \"get_current_temperature\", \"arguments\": {\"location\": \"Zürich\", \"unit\": \"celsius\"}}\n</tool_call>\n"
        + "<tool_call>\n{\"name\": \"get_current_temperature\", \"arguments\": {\"location\": \"東京\", \"unit\": \"celsius\"}}\n</tool_call>\n"
        + "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>",
        "I'll look up both cities.\n\n\n",
        [("get_current_temperature", "{\"location\": \"Zürich\", \"unit\": \"celsius\"}"),
         ("get_current_temperature", "{\"location\": \"東京\", \"unit\": \"celsius\"}"),
         ("get_time", "{}")]);

    [Check("real-outputs")]
    public static async Task RealOutputs(CheckContext context)
    {
        foreach (var reply in new[] { FinalAnswer, Temperature, QwenWithContent })
            await ExpectAsync(context, reply, "A real reply in one piece", [reply.Text]);
    }

    [Check("text-around")]
    public static async Task TextAround(CheckContext context)
    {
        var around = new Reply(
            "Let me check the weather. <tool_call>{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lyon\"}}</tool_call> I will tell you when it answers.",
            "Let me check the weather.  I will tell you when it answers.", [("get_weather", "{\"city\": \"Lyon\"}")]);
        await ExpectAsync(context, QwenWithContent, "Content before a call", [QwenWithContent.Text]);
        await ExpectAsync(context, around, "Content before and after a call", [around.Text]);
    }

    [Check("multiple-calls")]
    public static Task MultipleCalls(CheckContext context) =>
        ExpectAsync(context, Parallel, "Three calls after some content (parallel tool calls)", [Parallel.Text]);

    [Check("unclosed-call")]
    public static async Task UnclosedCall(CheckContext context)
    {
        var untilEos = new Reply("<tool_call>\n{\"name\": \"final_answer\", \"arguments\": {\"trigger\": true}}", "", [("final_answer", "{\"trigger\": true}")]);
        var afterOne = new Reply(
            "<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Oslo\"}}\n",
            "", [("get_time", "{}"), ("get_weather", "{\"city\": \"Oslo\"}")]);
        await ExpectAsync(context, untilEos, "A call whose </tool_call> never came (the stream ended first)", [untilEos.Text]);
        await ExpectAsync(context, afterOne, "A closed call, then one whose </tool_call> never came", [afterOne.Text]);
    }

    [Check("malformed")]
    public static async Task Malformed(CheckContext context)
    {
        const string brokenBlock = "<tool_call>\n{\"name\": \"final_answer\", \"arguments\": {\"trigger\": true}\n</tool_call>";
        var missingBrace = new Reply("<tool_call>\n{\"name\": \"final_answer\", \"arguments\": {\"trigger\": true}",
            "<tool_call>\n{\"name\": \"final_answer\", \"arguments\": {\"trigger\": true}", []);
        var brokenThenGood = new Reply(brokenBlock + "\n<tool_call>\n{\"name\": \"get_time\", \"arguments\": {}}\n</tool_call>",
            brokenBlock + "\n", [("get_time", "{}")]);
        var noName = new Reply("<tool_call>{\"arguments\": {\"city\": \"Rome\"}}</tool_call>", "<tool_call>{\"arguments\": {\"city\": \"Rome\"}}</tool_call>", []);
        await ExpectAsync(context, missingBrace, "Unfinished JSON at the end of the stream stays content", [missingBrace.Text]);
        await ExpectAsync(context, brokenThenGood, "A malformed block stays content (tags included); the good call after it is read", [brokenThenGood.Text]);
        await ExpectAsync(context, noName, "A block without a \"name\" stays content", [noName.Text]);
    }

    [Check("plain-text")]
    public static async Task PlainText(CheckContext context)
    {
        var plain = new Reply("Once upon a time, a cat said that 3 < 4 and <tool> is not a tag. The end. <tool_ca", "Once upon a time, a cat said that 3 < 4 and <tool> is not a tag. The end. <tool_ca", []);
        await ExpectAsync(context, plain, "Text with no call, ending in half a tag", [plain.Text]);
        await ExpectAsync(context, plain, "The same text, one character per Feed", [.. plain.Text.Select(c => c.ToString())]);
    }

    [Check("streaming-cuts")]
    public static async Task StreamingCuts(CheckContext context)
    {
        var reply = new Reply("Checking. " + Temperature.Text + "\n" + FinalAnswer.Text + " Done.",
            "Checking. \n Done.", [.. Temperature.Calls, .. FinalAnswer.Calls]);
        var length = reply.Text.Length;
        var random = new Random(context.Seed);
        List<(int[] Sizes, string What)> chunkings =
        [
            (Enumerable.Repeat(1, length).ToArray(), "one character per Feed"),
            (RandomSizes(length, random, 1, 7), $"random chunks (seed {context.Seed})"),
            .. Enumerable.Range(1, length - 1).Select(cut => (new[] { cut, length - cut }, $"two chunks, the first {cut} characters long ({Quote(reply.Text[..cut][^Math.Min(cut, 12)..])} | …)")),
        ];
        var input = new JsonObject
        {
            ["text"] = reply.Text,
            ["chunkings"] = new JsonArray([.. chunkings.Select(c => (JsonNode)new JsonArray([.. c.Sizes.Select(s => (JsonNode)s)]))]),
        };
        var results = (await context.CallAsync("parse_chunked", input)) as JsonArray;
        if (results is null || results.Count != chunkings.Count)
            throw new InvalidOperationException($"The harness answered {results?.Count ?? 0} results; expected {chunkings.Count}.");
        for (var i = 0; i < chunkings.Count; i++) Compare(reply, "Two calls between text, " + chunkings[i].What, results[i]);
    }

    /// <summary>Feeds <paramref name="chunks"/> to a new parser through the harness and compares with the reply's
    /// known content and calls.</summary>
    private static async Task ExpectAsync(CheckContext context, Reply reply, string what, string[] chunks)
    {
        var input = new JsonObject { ["chunks"] = new JsonArray([.. chunks.Select(c => (JsonNode)c)]) };
        Compare(reply, what, await context.CallAsync("parse", input));
    }

    private static void Compare(Reply reply, string what, JsonNode? result)
    {
        var content = (string?)result?["content"] ?? "";
        var calls = result?["tool_calls"] as JsonArray ?? [];
        var shown = $"{what}: {Quote(reply.Text)}";
        if (calls.Count != reply.Calls.Count)
            throw new CheckFailedException($"{shown}: your parser found {calls.Count} call(s); expected {reply.Calls.Count}" +
                (reply.Calls.Count > 0 ? $" ({string.Join(", ", reply.Calls.Select(c => c.Name))})" : "") + $". Content was {Quote(content)}.");
        for (var i = 0; i < calls.Count; i++)
        {
            var (name, arguments) = reply.Calls[i];
            var gotName = (string?)calls[i]?["name"];
            if (gotName != name) throw new CheckFailedException($"{shown}: call {i + 1} is named {Quote(gotName)}; expected {Quote(name)}.");
            var gotArguments = (string?)calls[i]?["arguments"];
            JsonNode? parsed;
            try
            {
                parsed = JsonNode.Parse(gotArguments ?? "");
            }
            catch (JsonException)
            {
                throw new CheckFailedException($"{shown}: call {i + 1}'s arguments {Quote(gotArguments)} are not JSON (OpenAI's function.arguments is the arguments object as JSON text).");
            }
            if (!JsonNode.DeepEquals(parsed, JsonNode.Parse(arguments)))
                throw new CheckFailedException($"{shown}: call {i + 1}'s arguments are {Quote(gotArguments)}; expected {Quote(arguments)}.");
        }
        if (content.Trim() != reply.Content.Trim())
            throw new CheckFailedException($"{shown}: Content was {Quote(content)}; expected {Quote(reply.Content)} (whitespace at the ends is ignored).");
    }

    private static int[] RandomSizes(int total, Random random, int min, int max)
    {
        var sizes = new List<int>();
        for (var left = total; left > 0;)
        {
            var size = Math.Min(left, random.Next(min, max + 1));
            sizes.Add(size);
            left -= size;
        }
        return [.. sizes];
    }

    private static string Quote(string? text) =>
        text is null ? "null" : "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\r", "\\r").Replace("\n", "\\n") + "\"";

    /// <summary>A model's reply with the content and calls a Hermes parser must read from it.</summary>
    private sealed record Reply(string Text, string Content, IReadOnlyList<(string Name, string Arguments)> Calls);
}
