// The corpus SDK of lab 09 "new-tool-corpus": visible code, compiled with your Generator.cs and run with it in the
// grading sandbox. A conversation is the OpenAI chat shape the workbench trains on: the `tools` array offered, the
// `messages` (system?, user, assistant with tool_calls, tool, assistant), and what the assistant is expected to do.
using System.Text.Json.Nodes;

/// <summary>What the assistant's first reply is expected to do: call <paramref name="ToolName"/> with
/// <paramref name="Arguments"/>, or (both null) reply in plain text without a call.</summary>
public sealed record CorpusExpectation(string? ToolName, JsonObject? Arguments)
{
    /// <summary>No offered tool fits: a plain reply.</summary>
    public static CorpusExpectation NoCall => new(null, null);
}

/// <summary>One training conversation.</summary>
/// <param name="Tools">The OpenAI <c>tools</c> entries offered (<c>{"type": "function", "function": {name,
/// description, parameters}}</c>), in the order the model sees them.</param>
/// <param name="Messages">OpenAI chat messages, in order.</param>
/// <param name="Expected">What the first assistant reply does.</param>
public sealed record CorpusConversation(IReadOnlyList<JsonObject> Tools, IReadOnlyList<JsonObject> Messages, CorpusExpectation Expected);

/// <summary>The tool definitions a conversation can offer. Each call returns a fresh object (a JSON node has one
/// parent, so one object cannot sit in two conversations).</summary>
public static class CorpusTools
{
    /// <summary>The new tool: <c>get_exchange_rate {base: string, quote: string}</c>, ISO 4217 codes in upper case.</summary>
    public static JsonObject GetExchangeRate() => Parse("""
        {"type":"function","function":{"name":"get_exchange_rate","description":"Get the current exchange rate between two currencies: how many units of the quote currency one unit of the base currency buys.","parameters":{"type":"object","properties":{"base":{"type":"string","description":"ISO 4217 code of the currency converted from, for example USD"},"quote":{"type":"string","description":"ISO 4217 code of the currency converted to, for example JPY"}},"required":["base","quote"],"additionalProperties":false}}}
        """);

    /// <summary>The built-in weather tool, as the tool calling module sends it (for conversations where the user
    /// asks about money while only the weather tool is offered, or the other way round).</summary>
    public static JsonObject GetWeather() => Parse("""
        {"type":"function","function":{"name":"get_weather","description":"Get the current weather in a city (simulated data, not a real forecast).","parameters":{"type":"object","properties":{"city":{"type":"string","description":"The city name, e.g. Paris"},"unit":{"type":"string","enum":["celsius","fahrenheit"],"description":"Temperature unit; default celsius"}},"required":["city"],"additionalProperties":false}}}
        """);

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}

/// <summary>Builds conversations in the shape the trainer reads.</summary>
public static class Conversations
{
    /// <summary>A conversation where the assistant calls a tool: user → assistant tool call → tool result →
    /// assistant answer.</summary>
    /// <param name="tools">The tools offered (must include <paramref name="toolName"/>).</param>
    /// <param name="user">The user's message.</param>
    /// <param name="toolName">The tool called.</param>
    /// <param name="arguments">The call's arguments (an object matching the tool's parameters).</param>
    /// <param name="result">The tool's result as the tool message's content (for example JSON text).</param>
    /// <param name="answer">The assistant's final answer, using the result.</param>
    /// <param name="system">An optional system message first.</param>
    public static CorpusConversation WithCall(IReadOnlyList<JsonObject> tools, string user, string toolName, JsonObject arguments, string result, string answer, string? system = null)
    {
        const string id = "call_1";
        var messages = Start(system, user);
        messages.Add(new JsonObject
        {
            ["role"] = "assistant",
            ["content"] = null,
            ["tool_calls"] = new JsonArray(new JsonObject
            {
                ["id"] = id,
                ["type"] = "function",
                ["function"] = new JsonObject { ["name"] = toolName, ["arguments"] = arguments.ToJsonString() },
            }),
        });
        messages.Add(new JsonObject { ["role"] = "tool", ["tool_call_id"] = id, ["content"] = result });
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = answer });
        return new CorpusConversation(tools, messages, new CorpusExpectation(toolName, (JsonObject)arguments.DeepClone()));
    }

    /// <summary>A conversation where no offered tool fits: user → a plain assistant reply.</summary>
    /// <param name="tools">The tools offered (possibly none).</param>
    /// <param name="user">The user's message.</param>
    /// <param name="reply">The assistant's plain reply.</param>
    /// <param name="system">An optional system message first.</param>
    public static CorpusConversation Plain(IReadOnlyList<JsonObject> tools, string user, string reply, string? system = null)
    {
        var messages = Start(system, user);
        messages.Add(new JsonObject { ["role"] = "assistant", ["content"] = reply });
        return new CorpusConversation(tools, messages, CorpusExpectation.NoCall);
    }

    private static List<JsonObject> Start(string? system, string user)
    {
        var messages = new List<JsonObject>();
        if (system is not null) messages.Add(new JsonObject { ["role"] = "system", ["content"] = system });
        messages.Add(new JsonObject { ["role"] = "user", ["content"] = user });
        return messages;
    }
}
