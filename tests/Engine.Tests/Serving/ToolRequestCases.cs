using System.Text.Json.Nodes;

namespace Workbench.Engine.Tests.Serving;

/// <summary>
/// The tool-calling rejections of issue 11 §1 ("Bad input"), and the shared limits, as one table, shared by the HTTP tests here and the
/// hub tests in Web.Tests (linked there), so both paths are held to the same inputs. Each body is OpenAI's
/// snake_case chat request; the hub form is the same JSON with camelCase keys (<see cref="ToCamelCaseKeys"/>).
/// </summary>
internal static class ToolRequestCases
{
    /// <summary>A valid tool with an object schema.</summary>
    public const string WeatherTool =
        """{"type":"function","function":{"name":"get_weather","description":"Weather of a city","parameters":{"type":"object","properties":{"city":{"type":"string"}},"required":["city"]}}}""";

    private const string User = """{"role":"user","content":"Weather in Paris?"}""";

    private const string Call =
        """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"get_weather","arguments":"{\"city\":\"Paris\"}"}}]}""";

    private static string Tool(string parameters) =>
        """{"type":"function","function":{"name":"get_weather","parameters":""" + parameters + "}}";

    /// <summary>name → (snake_case body, expected snake_case <c>param</c>, expected <c>code</c>).</summary>
    public static readonly IReadOnlyDictionary<string, (string Body, string Param, string Code)> Rejections =
        new Dictionary<string, (string, string, string)>
        {
            ["parameters not an object schema"] = (Body([User], Tool("""{"type":"string"}""")), "tools[0].function.parameters", "invalid_schema"),
            ["parameters an array"] = (Body([User], Tool("[]")), "tools[0].function.parameters", "invalid_schema"),
            ["unsupported schema keyword"] = (Body([User], Tool("""{"type":"object","properties":{"city":{"type":"string","pattern":"^[A-Z]"}}}""")),
                "tools[0].function.parameters", "unsupported_schema"),
            ["name with a space"] = (Body([User], """{"type":"function","function":{"name":"get weather"}}"""), "tools[0].function.name", "invalid_value"),
            ["name of 65 characters"] = (Body([User], "{\"type\":\"function\",\"function\":{\"name\":\"" + new string('a', 65) + "\"}}"), "tools[0].function.name", "invalid_value"),
            ["name missing"] = (Body([User], """{"type":"function","function":{"description":"x"}}"""), "tools[0].function.name", "invalid_value"),
            ["duplicate names"] = (Body([User], WeatherTool, WeatherTool), "tools[1].function.name", "invalid_value"),
            ["type not function"] = (Body([User], """{"type":"retrieval","function":{"name":"f"}}"""), "tools[0].type", "invalid_value"),
            ["function missing"] = (Body([User], """{"type":"function"}"""), "tools[0].function", "invalid_value"),
            ["named choice not in tools"] = (Body([User], [WeatherTool], """{"type":"function","function":{"name":"get_time"}}"""),
                "tool_choice.function.name", "invalid_value"),
            ["required without tools"] = (Body([User], [], "\"required\""), "tool_choice", "invalid_value"),
            ["named without tools"] = (Body([User], [], """{"type":"function","function":{"name":"get_weather"}}"""), "tool_choice", "invalid_value"),
            ["choice an unknown word"] = (Body([User], [WeatherTool], "\"sometimes\""), "tool_choice", "invalid_value"),
            ["choice an object without function"] = (Body([User], [WeatherTool], """{"type":"function"}"""), "tool_choice", "invalid_value"),
            ["choice a number"] = (Body([User], [WeatherTool], "5"), "tool_choice", "invalid_value"),
            ["tool_call_id answering no call"] = (Body([User, Call, """{"role":"tool","tool_call_id":"call_9","content":"20 C"}"""]),
                "messages[2].tool_call_id", "invalid_value"),
            ["tool message without tool_call_id"] = (Body([User, """{"role":"tool","content":"20 C"}"""]), "messages[1].tool_call_id", "invalid_value"),
            ["tool result before its call"] = (Body([User, """{"role":"tool","tool_call_id":"call_1","content":"20 C"}""", Call]),
                "messages[1].tool_call_id", "invalid_value"),
            ["arguments not JSON"] = (Body([User, Call.Replace("{\\\"city\\\":\\\"Paris\\\"}", "{city: Paris", StringComparison.Ordinal)]),
                "messages[1].tool_calls[0].function.arguments", "invalid_value"),
            ["arguments a JSON array"] = (Body([User, Call.Replace("{\\\"city\\\":\\\"Paris\\\"}", "[1]", StringComparison.Ordinal)]),
                "messages[1].tool_calls[0].function.arguments", "invalid_value"),
            ["tool_calls on a user message"] = (Body([Call.Replace("\"assistant\"", "\"user\"", StringComparison.Ordinal)]), "messages[0].tool_calls", "invalid_value"),
            ["tool call without id"] = (Body([User, Call.Replace("\"id\":\"call_1\",", "", StringComparison.Ordinal)]),
                "messages[1].tool_calls[0].id", "invalid_value"),
            // The limits both paths share (RequestLimits, SamplingOptions).
            ["five stop strings"] = (With("\"stop\":[\"a\",\"b\",\"c\",\"d\",\"e\"]"), "stop", "invalid_value"),
            ["seed below -1"] = (With("\"seed\":-5"), "seed", "invalid_value"),
            ["max_tokens 0"] = (Body([User]).Replace("\"max_tokens\":4", "\"max_tokens\":0"), "max_tokens", "invalid_value"),
            ["temperature 5"] = (With("\"temperature\":5"), "temperature", "invalid_value"),
            ["logit_bias key not a token id"] = (With("\"logit_bias\":{\"x\":1}"), "logit_bias", "invalid_value"),
            ["role unknown"] = (Body(["{\"role\":\"wizard\",\"content\":\"hi\"}"]), "messages[0].role", "invalid_value"),
        };

    /// <summary>The case names, for <c>[MemberData]</c>.</summary>
    public static TheoryData<string> Names => new(Rejections.Keys);

    /// <summary>A body that uses every accepted field: tools, a named choice, a call in history and its result.</summary>
    public static string Valid(int maxTokens) =>
        "{\"messages\":[" + User + "," + Call + """,{"role":"tool","tool_call_id":"call_1","name":"get_weather","content":"20 C"}],"tools":[""" + WeatherTool
        + """],"tool_choice":{"type":"function","function":{"name":"get_weather"}},"parallel_tool_calls":false,"seed":1,"max_tokens":""" + maxTokens + "}";

    /// <summary><paramref name="snakeJson"/> with every object key camelCased, except inside a JSON Schema
    /// (<c>parameters</c>), whose keys are the schema's own.</summary>
    public static JsonNode ToCamelCaseKeys(string snakeJson) => Camel(JsonNode.Parse(snakeJson)!)!;

    /// <summary>The hub's spelling of a snake_case field path (each name camelCased, indexes kept).</summary>
    public static string CamelPath(string snakePath) =>
        string.Join(".", snakePath.Split('.').Select(segment => CamelKey(segment)));

    /// <summary>A one-message body plus <paramref name="fields"/> (<c>"name":value</c> pairs).</summary>
    private static string With(string fields) => Body([User])[..^1] + "," + fields + "}";

    private static string Body(string[] messages, params string[] tools) => Body(messages, tools, null);

    private static string Body(string[] messages, string[] tools, string? toolChoice)
    {
        var body = $"{{\"messages\":[{string.Join(",", messages)}]";
        if (tools.Length > 0) body += $",\"tools\":[{string.Join(",", tools)}]";
        if (toolChoice is not null) body += $",\"tool_choice\":{toolChoice}";
        return body + ",\"max_tokens\":4}";
    }

    private static JsonNode? Camel(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    result[CamelKey(key)] = key == "parameters" ? value : Camel(value);
                }
                return result;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                return new JsonArray(items.Select(Camel).ToArray());
            default:
                return node;
        }
    }

    private static string CamelKey(string key)
    {
        var parts = key.Split('_');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
