// Hidden checks of lab 06 "mcp-tool". Compiled alone and run in the grading process, never in the sandbox and never
// served to students. The student's code runs in the sandbox as an MCP server over stdio; these checks are its
// client (context.Mcp, the official C# SDK's McpClient, already initialized): they list its tools and call slugify
// with arguments the student never sees, and judge what came back.
using System.Text.Json;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Workbench.LabSdk;

namespace Workbench.Labs.Mcp;

public static class McpToolChecks
{
    private const string ToolName = "slugify";

    [Check("listed")]
    public static async Task Listed(CheckContext context)
    {
        var tool = await FindAsync(context);
        if (string.IsNullOrWhiteSpace(tool.Description) || tool.Description.Trim().Length < 20)
            throw new CheckFailedException($"slugify's description is {(string.IsNullOrWhiteSpace(tool.Description) ? "missing" : $"only \"{tool.Description}\"")}: the model chooses and calls a tool from its description, so say what it does (a sentence, 20 characters or more).");
    }

    [Check("input-schema")]
    public static async Task InputSchema(CheckContext context)
    {
        var schema = (await FindAsync(context)).InputSchema;
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("type", out var type) || type.GetString() != "object")
            throw new CheckFailedException($"slugify's inputSchema must be an object schema, got {Short(schema.GetRawText())}.");
        if (!schema.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
            throw new CheckFailedException("slugify's inputSchema has no \"properties\".");
        ExpectProperty(properties, "title", "string");
        ExpectProperty(properties, "max_length", "integer");
        List<string> required = schema.TryGetProperty("required", out var list) && list.ValueKind == JsonValueKind.Array
            ? [.. list.EnumerateArray().Select(e => e.ToString())] : [];
        if (!required.Contains("title"))
            throw new CheckFailedException($"\"title\" must be required in slugify's inputSchema (required: [{string.Join(", ", required)}]).");
        if (required.Contains("max_length"))
            throw new CheckFailedException("\"max_length\" must be optional (60 when absent), but the inputSchema requires it: give the parameter a default value.");
    }

    [Check("hidden-arguments")]
    public static async Task HiddenArguments(CheckContext context)
    {
        (string Title, string Expected)[] cases =
        [
            ("Hello, World!", "hello-world"),
            ("  Crème Brûlée: 3 ways  ", "crème-brûlée-3-ways"),
            ("東京 2025 — Olympics", "東京-2025-olympics"),
            ("ÄRGER über MCP", "ärger-über-mcp"),
            ("a--b__c", "a-b-c"),
            ("C# & .NET 9", "c-net-9"),
            ("🚀 Launch day 🚀", "launch-day"),
            ("x", "x"),
        ];
        foreach (var (title, expected) in cases)
        {
            var text = await CallForTextAsync(context, new() { ["title"] = title }, $"title \"{title}\"");
            if (text != expected)
                throw new CheckFailedException($"slugify(title: \"{title}\") returned \"{text}\", expected \"{expected}\".");
        }
    }

    [Check("max-length")]
    public static async Task MaxLength(CheckContext context)
    {
        (string Title, int MaxLength, string Expected)[] cases =
        [
            ("The quick brown fox", 9, "the-quick"),
            ("The quick brown fox", 10, "the-quick"),
            ("hello world", 1, "h"),
            ("abc", 100, "abc"),
            (string.Concat(Enumerable.Repeat("word ", 20)), 60, "word-word-word-word-word-word-word-word-word-word-word-word"),
        ];
        foreach (var (title, maxLength, expected) in cases)
        {
            var arguments = new Dictionary<string, object?> { ["title"] = title };
            if (maxLength != 60) arguments["max_length"] = maxLength;
            var described = maxLength == 60 ? $"title \"{title}\" and no max_length" : $"title \"{title}\", max_length {maxLength}";
            var text = await CallForTextAsync(context, arguments, described);
            if (text != expected)
                throw new CheckFailedException($"slugify({described}) returned \"{text}\", expected \"{expected}\" (at most max_length characters, never ending with a hyphen).");
        }
    }

    [Check("bad-input")]
    public static async Task BadInput(CheckContext context)
    {
        await ExpectErrorResultAsync(context, new() { ["title"] = "Hello", ["max_length"] = 0 }, "max_length 0", "max_length");
        await ExpectErrorResultAsync(context, new() { ["title"] = "Hello", ["max_length"] = -5 }, "max_length -5", "max_length");
        await ExpectErrorResultAsync(context, new() { ["title"] = "!!! ???" }, "title \"!!! ???\" (no letter or digit)", "title");
        await ExpectErrorResultAsync(context, new() { ["title"] = "" }, "an empty title", "title");
    }

    private static async Task<Tool> FindAsync(CheckContext context)
    {
        var tools = await context.Mcp.ListToolsAsync(cancellationToken: context.CancellationToken);
        return tools.FirstOrDefault(t => t.Name == ToolName)?.ProtocolTool
            ?? throw new CheckFailedException($"tools/list has no tool named \"{ToolName}\" (found: {(tools.Count == 0 ? "none" : string.Join(", ", tools.Select(t => t.Name)))}).");
    }

    private static void ExpectProperty(JsonElement properties, string name, string type)
    {
        if (!properties.TryGetProperty(name, out var property))
            throw new CheckFailedException($"slugify's inputSchema has no property \"{name}\" (found: {string.Join(", ", properties.EnumerateObject().Select(p => p.Name))}).");
        var actual = property.TryGetProperty("type", out var t) ? t.ToString() : "(none)";
        if (actual != type)
            throw new CheckFailedException($"\"{name}\" must have type \"{type}\" in slugify's inputSchema, got {actual}.");
    }

    private static async Task<CallToolResult> CallAsync(CheckContext context, Dictionary<string, object?> arguments, string described)
    {
        try
        {
            return await context.Mcp.CallToolAsync(ToolName, arguments, cancellationToken: context.CancellationToken);
        }
        catch (McpProtocolException e)
        {
            throw new CheckFailedException($"calling slugify with {described} was a protocol error ({e.ErrorCode}: {Short(e.Message)}), not a tool result.");
        }
    }

    private static async Task<string> CallForTextAsync(CheckContext context, Dictionary<string, object?> arguments, string described)
    {
        var result = await CallAsync(context, arguments, described);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        if (result.IsError == true)
            throw new CheckFailedException($"slugify with {described} returned an error: \"{Short(text)}\".");
        return text;
    }

    private static async Task ExpectErrorResultAsync(CheckContext context, Dictionary<string, object?> arguments, string described, string names)
    {
        var result = await CallAsync(context, arguments, described);
        var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
        if (result.IsError != true)
            throw new CheckFailedException($"slugify with {described} returned \"{Short(text)}\" without isError: bad input must be a tool result with isError: true.");
        if (!text.Contains(names, StringComparison.OrdinalIgnoreCase))
            throw new CheckFailedException($"slugify with {described} is an error result, but its text \"{Short(text)}\" does not name \"{names}\": throw an McpException whose message says what is wrong, so the model can correct its call.");
    }

    private static string Short(string text) => text.Length <= 160 ? text : text[..160] + "…";
}
