using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Lab.Training.Corpus;

/// <summary>
/// The corpus as JSON lines (UTF-8, no BOM, <c>\n</c> after every line): one <see cref="CorpusConversation"/> per
/// line, <c>{"tools": [...], "messages": [...], "expected": {"tool": NAME|null, "arguments": {...}|null}}</c>, the
/// OpenAI chat completions shapes. <see cref="Write"/>'s output is the canonical form (<see cref="CorpusHash"/>
/// hashes it; non-ASCII text written as is). <see cref="Read"/> validates every line: roles (<c>system</c> only
/// first; <c>user</c>, <c>assistant</c>, <c>tool</c>), string contents (<c>null</c> only for an assistant turn with
/// calls), the <c>tool_calls</c> shape (<c>{id, type: "function", function: {name, arguments}}</c>), a call's name
/// among the offered tools and its arguments a JSON object in a string, each <c>tool</c> message answering a call of
/// the assistant turn before it. <c>expected</c> is optional: when absent it is the first assistant turn's first
/// call (or no call).
/// </summary>
public static class CorpusJsonl
{
    /// <summary>The longest line <see cref="Read"/> accepts, in characters (1 MiB).</summary>
    public const int MaxLineLength = 1 << 20;

    /// <summary>Writes <paramref name="conversations"/> to <paramref name="writer"/>, one line each.</summary>
    public static void Write(TextWriter writer, IEnumerable<CorpusConversation> conversations)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(conversations);
        foreach (var c in conversations)
        {
            writer.Write(ToJson(c).ToJsonString(ToolCorpusGenerator.Json));
            writer.Write('\n');
        }
    }

    /// <summary>The canonical JSONL text of <paramref name="conversations"/>.</summary>
    public static string ToText(IEnumerable<CorpusConversation> conversations)
    {
        var writer = new StringWriter { NewLine = "\n" };
        Write(writer, conversations);
        return writer.ToString();
    }

    /// <summary>Writes a file (UTF-8 without BOM).</summary>
    public static void WriteFile(string path, IEnumerable<CorpusConversation> conversations)
    {
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        Write(writer, conversations);
    }

    /// <summary>Reads every line; blank lines are skipped.</summary>
    /// <exception cref="FormatException">A line is not a valid conversation: the message starts with
    /// <c>line N:</c> (1-based) and says what is wrong.</exception>
    public static IReadOnlyList<CorpusConversation> Read(TextReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var list = new List<CorpusConversation>();
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                if (line.Length > MaxLineLength) throw new FormatException($"the line has {line.Length} characters; at most {MaxLineLength} are accepted");
                JsonNode? node;
                try
                {
                    node = JsonNode.Parse(line);
                }
                catch (JsonException e)
                {
                    throw new FormatException($"not JSON ({e.Message})");
                }
                list.Add(Parse(node as JsonObject ?? throw new FormatException("not a JSON object")));
            }
            catch (FormatException e)
            {
                throw new FormatException($"line {number}: {e.Message}", e);
            }
        }
        return list;
    }

    /// <summary>Reads a file.</summary>
    /// <exception cref="FormatException">A bad line (see <see cref="Read(TextReader)"/>).</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    public static IReadOnlyList<CorpusConversation> ReadFile(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        return Read(reader);
    }

    private static JsonObject ToJson(CorpusConversation c) => new()
    {
        ["tools"] = new JsonArray([.. c.Tools.Select(t => t.DeepClone())]),
        ["messages"] = new JsonArray([.. c.Messages.Select(m => m.DeepClone())]),
        ["expected"] = new JsonObject { ["tool"] = c.Expected.ToolName, ["arguments"] = c.Expected.Arguments?.DeepClone() },
    };

    private static CorpusConversation Parse(JsonObject line)
    {
        var tools = line["tools"] as JsonArray ?? throw new FormatException("'tools' must be an array");
        var names = new List<string>();
        for (int i = 0; i < tools.Count; i++)
        {
            var tool = tools[i] as JsonObject ?? throw new FormatException($"tools[{i}] must be an object");
            if (Text(tool["type"]) != "function") throw new FormatException($"tools[{i}].type must be \"function\"");
            var function = tool["function"] as JsonObject ?? throw new FormatException($"tools[{i}].function must be an object");
            string name = Text(function["name"]) is { Length: > 0 } n ? n : throw new FormatException($"tools[{i}].function.name must be a non-empty string");
            if (function["parameters"] is not (null or JsonObject)) throw new FormatException($"tools[{i}].function.parameters must be a JSON schema object");
            if (names.Contains(name)) throw new FormatException($"tools[{i}]: the tool '{name}' is offered twice");
            names.Add(name);
        }

        var messages = line["messages"] as JsonArray ?? throw new FormatException("'messages' must be an array");
        var parsed = new List<JsonObject>();
        HashSet<string>? openCalls = null;
        for (int i = 0; i < messages.Count; i++)
        {
            var m = messages[i] as JsonObject ?? throw new FormatException($"messages[{i}] must be an object");
            string role = Text(m["role"]) ?? throw new FormatException($"messages[{i}].role must be a string");
            bool hasCalls = m["tool_calls"] is not null;
            if (m["content"] is not null && Text(m["content"]) is null) throw new FormatException($"messages[{i}].content must be a string");
            switch (role)
            {
                case "system" when i == 0:
                case "user":
                    RequireContent(m, i);
                    openCalls = null;
                    break;
                case "system":
                    throw new FormatException($"messages[{i}]: a system message may only come first");
                case "assistant" when hasCalls:
                    openCalls = Calls(m["tool_calls"], i, names);
                    break;
                case "assistant":
                    RequireContent(m, i);
                    openCalls = null;
                    break;
                case "tool":
                    string id = Text(m["tool_call_id"]) ?? throw new FormatException($"messages[{i}].tool_call_id must be a string");
                    if (openCalls is null || !openCalls.Remove(id))
                        throw new FormatException($"messages[{i}]: tool_call_id '{id}' answers no call of the assistant turn before it");
                    RequireContent(m, i);
                    break;
                default:
                    throw new FormatException($"messages[{i}].role '{role}' is not system, user, assistant or tool");
            }
            if (role != "tool" && role != "assistant" && hasCalls) throw new FormatException($"messages[{i}]: only assistant messages carry tool_calls");
            parsed.Add(m.DeepClone().AsObject());
        }
        if (!parsed.Any(m => Text(m["role"]) == "user")) throw new FormatException("'messages' has no user message");
        var firstAssistant = parsed.FirstOrDefault(m => Text(m["role"]) == "assistant") ?? throw new FormatException("'messages' has no assistant message");
        if (parsed.TakeWhile(m => m != firstAssistant).Any(m => Text(m["role"]) == "tool")) throw new FormatException("a tool message comes before the first assistant turn");

        CorpusExpectation expected;
        if (line["expected"] is JsonObject e)
        {
            string? tool = e["tool"] is null ? null : Text(e["tool"]) ?? throw new FormatException("expected.tool must be a string or null");
            if (tool is not null && !names.Contains(tool)) throw new FormatException($"expected.tool '{tool}' is not among the offered tools");
            if (e["arguments"] is not (null or JsonObject)) throw new FormatException("expected.arguments must be an object or null");
            if (tool is not null && e["arguments"] is null) throw new FormatException("expected.arguments is required when expected.tool is set");
            expected = new CorpusExpectation(tool, tool is null ? null : e["arguments"]!.DeepClone().AsObject());
        }
        else if (line["expected"] is not null) throw new FormatException("'expected' must be an object");
        else if (firstAssistant["tool_calls"] is JsonArray { Count: > 0 } calls)
        {
            var function = calls[0]!["function"]!;
            expected = new CorpusExpectation(Text(function["name"]), JsonNode.Parse(Text(function["arguments"])!)!.AsObject());
        }
        else expected = CorpusExpectation.NoCall;

        return new CorpusConversation([.. tools.Select(t => t!.DeepClone().AsObject())], parsed, expected);
    }

    private static HashSet<string> Calls(JsonNode? node, int i, List<string> names)
    {
        var calls = node as JsonArray ?? throw new FormatException($"messages[{i}].tool_calls must be an array");
        if (calls.Count == 0) throw new FormatException($"messages[{i}].tool_calls is empty");
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (int j = 0; j < calls.Count; j++)
        {
            string at = $"messages[{i}].tool_calls[{j}]";
            var call = calls[j] as JsonObject ?? throw new FormatException($"{at} must be an object");
            string id = Text(call["id"]) is { Length: > 0 } s ? s : throw new FormatException($"{at}.id must be a non-empty string");
            if (!ids.Add(id)) throw new FormatException($"{at}.id '{id}' is used twice");
            if (Text(call["type"]) != "function") throw new FormatException($"{at}.type must be \"function\"");
            var function = call["function"] as JsonObject ?? throw new FormatException($"{at}.function must be an object");
            string name = Text(function["name"]) ?? throw new FormatException($"{at}.function.name must be a string");
            if (!names.Contains(name)) throw new FormatException($"{at} calls '{name}', which is not among the offered tools ({string.Join(", ", names)})");
            string arguments = Text(function["arguments"]) ?? throw new FormatException($"{at}.function.arguments must be a JSON string");
            try
            {
                if (JsonNode.Parse(arguments) is not JsonObject) throw new FormatException($"{at}.function.arguments must encode a JSON object");
            }
            catch (JsonException e)
            {
                throw new FormatException($"{at}.function.arguments is not JSON ({e.Message})");
            }
        }
        return ids;
    }

    private static void RequireContent(JsonObject m, int i)
    {
        if (Text(m["content"]) is null) throw new FormatException($"messages[{i}].content must be a string");
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;
}
