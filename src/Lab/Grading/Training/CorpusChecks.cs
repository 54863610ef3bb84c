using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Workbench.Lab.Grading.Training;

/// <summary>
/// The four corpus checks of a training exercise, on the conversations a student's generator yielded (each
/// <c>{"tools": [...], "messages": [...], "expected": {"tool", "arguments"}}</c>, OpenAI chat shape):
/// <see cref="Valid"/>, <see cref="CallsNewTool"/>, <see cref="Varied"/>, <see cref="NoFit"/>. Pure functions of the
/// data; the conversations are untrusted (any JSON), so every access is checked.
/// </summary>
public static partial class CorpusChecks
{
    /// <summary>The fraction of conversations that must offer and call the new tool.</summary>
    public const double MinNewToolShare = 0.5;

    /// <summary>The fraction of distinct user messages required.</summary>
    public const double MinDistinctShare = 0.8;

    /// <summary>Distinct phrasings (user messages of new-tool calls with currencies and numbers masked) required.</summary>
    public const int MinPhrasings = 8;

    /// <summary>The fraction of conversations that must end in a plain reply without a call.</summary>
    public const double MinNoCallShare = 0.10;

    /// <summary>The fraction that must be plain replies while the new tool is offered.</summary>
    public const double MinNoCallOfferedShare = 0.05;

    private static readonly string[] Roles = ["system", "user", "assistant", "tool"];

    /// <summary>Exactly <paramref name="count"/> conversations, each in the OpenAI chat shape: tools are
    /// <c>{"type": "function", "function": {"name", "parameters"}}</c> with distinct names; messages start (after an
    /// optional system message) with a user turn; an assistant turn has text or <c>tool_calls</c> (each
    /// <c>{id, type: "function", function: {name, arguments}}</c> naming an offered tool, arguments a JSON object
    /// as a string), answered by one <c>tool</c> message per call id; the last message is an assistant text; and
    /// <c>expected</c> is the first assistant turn's call (or null when it has none).</summary>
    public static CorpusCheckResult Valid(IReadOnlyList<JsonNode?> conversations, int count)
    {
        if (conversations.Count == 0) return CorpusCheckResult.Fail($"Generate yielded no conversations; the grader asked for {count}.");
        if (conversations.Count != count)
            return CorpusCheckResult.Fail($"Generate yielded {conversations.Count} conversations; the grader asked for {count} (yield exactly count).");
        for (var i = 0; i < conversations.Count; i++)
        {
            if (Problem(conversations[i]) is { } problem) return CorpusCheckResult.Fail($"conversation {i + 1}: {problem}");
        }
        return CorpusCheckResult.Pass($"passed: {count} valid conversations");
    }

    /// <summary>At least <see cref="MinNewToolShare"/> of the conversations offer the new tool exactly as
    /// <paramref name="newTool"/> defines it and call it; every call of it has exactly the properties of its schema,
    /// each a three-letter upper-case code (ISO 4217), base ≠ quote; and no conversation offers a different
    /// definition under its name.</summary>
    /// <param name="conversations">The conversations.</param>
    /// <param name="newTool">The new tool's <c>tools</c> entry (hidden copy of the SDK's definition).</param>
    public static CorpusCheckResult CallsNewTool(IReadOnlyList<JsonNode?> conversations, JsonObject newTool)
    {
        if (conversations.Count == 0) return CorpusCheckResult.Fail("Generate yielded no conversations, so none calls the new tool.");
        var name = (string)newTool["function"]!["name"]!;
        var properties = ((JsonObject)newTool["function"]!["parameters"]!["properties"]!).Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
        var calling = 0;
        for (var i = 0; i < conversations.Count; i++)
        {
            var conversation = conversations[i] as JsonObject;
            var offered = Tools(conversation).FirstOrDefault(t => ToolName(t) == name);
            if (offered is not null && !JsonNode.DeepEquals(offered, newTool))
                return CorpusCheckResult.Fail($"conversation {i + 1} offers a {name} whose definition differs from CorpusTools.GetExchangeRate(); offer it exactly as the SDK gives it.");
            var called = false;
            foreach (var (callName, arguments) in Calls(conversation))
            {
                if (callName != name) continue;
                called = true;
                if (arguments is not JsonObject args) continue; // Valid reports it
                var keys = args.Select(p => p.Key).Order(StringComparer.Ordinal).ToList();
                if (!keys.SequenceEqual(properties))
                    return CorpusCheckResult.Fail($"conversation {i + 1} calls {name} with arguments {Show(args)}; its parameters are exactly {string.Join(" and ", properties)} (both required, no others).");
                foreach (var key in keys)
                {
                    if (args[key] is not JsonValue v || v.GetValueKind() != JsonValueKind.String || !CurrencyCode().IsMatch((string)v!))
                        return CorpusCheckResult.Fail($"conversation {i + 1} calls {name} with {key} = {Show(args[key])}; it must be a three-letter upper-case ISO 4217 code such as \"USD\".");
                }
                if (keys.Count == 2 && (string?)args[keys[0]] == (string?)args[keys[1]])
                    return CorpusCheckResult.Fail($"conversation {i + 1} calls {name} with the same currency twice ({Show(args)}).");
            }
            if (called && offered is not null) calling++;
        }
        var share = (double)calling / conversations.Count;
        if (share < MinNewToolShare - 1e-9)
            return CorpusCheckResult.Fail($"{calling} of {conversations.Count} conversations ({share:P0}) offer and call {name}; at least {MinNewToolShare:P0} must.");
        return CorpusCheckResult.Pass($"passed: {calling} of {conversations.Count} conversations call {name} with valid arguments");
    }

    /// <summary>At least <see cref="MinDistinctShare"/> distinct first user messages (trimmed, case-insensitive), and
    /// at least <see cref="MinPhrasings"/> distinct phrasings among the conversations that call the new tool: the
    /// user message with currency names, codes, symbols and numbers masked (<see cref="CurrencyPhrasing"/>).</summary>
    /// <param name="conversations">The conversations.</param>
    /// <param name="newToolName">The new tool's name.</param>
    public static CorpusCheckResult Varied(IReadOnlyList<JsonNode?> conversations, string newToolName)
    {
        if (conversations.Count == 0) return CorpusCheckResult.Fail("Generate yielded no conversations, so there is nothing varied.");
        var users = conversations.Select(c => FirstUser(c as JsonObject)).ToList();
        var distinct = users.Where(u => u is not null).Select(u => u!.Trim().ToLowerInvariant()).Distinct(StringComparer.Ordinal).Count();
        var share = (double)distinct / conversations.Count;
        if (share < MinDistinctShare - 1e-9)
            return CorpusCheckResult.Fail($"only {distinct} of {conversations.Count} user messages are distinct ({share:P0}); at least {MinDistinctShare:P0} must be.");
        var phrasings = conversations.Where(c => Calls(c as JsonObject).Any(call => call.Name == newToolName))
            .Select(c => FirstUser(c as JsonObject)).Where(u => u is not null)
            .Select(u => CurrencyPhrasing.Mask(u!)).Distinct(StringComparer.Ordinal).Count();
        if (phrasings < MinPhrasings)
            return CorpusCheckResult.Fail($"the user messages that lead to {newToolName} use only {phrasings} phrasing{(phrasings == 1 ? "" : "s")} once the currencies and numbers are taken out; write at least {MinPhrasings} (questions, commands, terse, polite, with typos).");
        return CorpusCheckResult.Pass($"passed: {distinct} distinct user messages, {phrasings} phrasings");
    }

    /// <summary>At least <see cref="MinNoCallShare"/> of the conversations have no call at all and
    /// <c>expected.tool</c> null, and at least <see cref="MinNoCallOfferedShare"/> do so while offering the new tool.</summary>
    /// <param name="conversations">The conversations.</param>
    /// <param name="newToolName">The new tool's name.</param>
    public static CorpusCheckResult NoFit(IReadOnlyList<JsonNode?> conversations, string newToolName)
    {
        if (conversations.Count == 0) return CorpusCheckResult.Fail("Generate yielded no conversations, so none answers without a call.");
        var plain = conversations.Select(c => c as JsonObject).Where(c => c is not null && !Calls(c).Any() && c["expected"]?["tool"] is null && FirstUser(c) is not null).ToList();
        var offered = plain.Count(c => Tools(c).Any(t => ToolName(t) == newToolName));
        var n = conversations.Count;
        if ((double)plain.Count / n < MinNoCallShare - 1e-9)
            return CorpusCheckResult.Fail($"{plain.Count} of {n} conversations end in a plain reply without a call; at least {MinNoCallShare:P0} must (small talk, a fact, a question no offered tool answers).");
        if ((double)offered / n < MinNoCallOfferedShare - 1e-9)
            return CorpusCheckResult.Fail($"{offered} of {n} conversations answer without a call while {newToolName} is offered; at least {MinNoCallOfferedShare:P0} must, or the model learns to call it whenever it sees it.");
        return CorpusCheckResult.Pass($"passed: {plain.Count} plain replies, {offered} of them with {newToolName} offered");
    }

    /// <summary>What is wrong with one conversation's shape, or null.</summary>
    private static string? Problem(JsonNode? node)
    {
        if (node is not JsonObject conversation) return "not an object";
        if (conversation["tools"] is not JsonArray tools) return "no tools array";
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var tool in tools)
        {
            if (tool is not JsonObject t || (string?)t["type"] is not "function" || t["function"] is not JsonObject f
                || f["name"] is not JsonValue n || n.GetValueKind() != JsonValueKind.String || f["parameters"] is not JsonObject)
                return $"a tools entry is not {{\"type\": \"function\", \"function\": {{name, parameters}}}}: {Show(tool)}";
            if (!names.Add((string)n!)) return $"the tool '{(string)n!}' is offered twice";
        }
        if (conversation["messages"] is not JsonArray messages || messages.Count == 0) return "no messages";
        var pending = new List<string>();
        JsonObject? firstCall = null;
        var sawAssistant = false;
        for (var i = 0; i < messages.Count; i++)
        {
            var where = $"message {i + 1}";
            if (messages[i] is not JsonObject m || m["role"] is not JsonValue r || r.GetValueKind() != JsonValueKind.String || !Roles.Contains((string)r!))
                return $"{where} has no role among {string.Join(", ", Roles)}";
            var role = (string)r!;
            var content = m["content"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? (string)c! : null;
            where += $" ({role})";
            if (pending.Count > 0 && role != "tool") return $"{where}: the tool calls before it have no tool result ({string.Join(", ", pending)})";
            switch (role)
            {
                case "system" when i != 0: return $"{where}: a system message may only come first";
                case "system" or "user" when string.IsNullOrWhiteSpace(content): return $"{where} has no text content";
                case "user" when i > 0 && RoleOf(messages[i - 1]) == "user": return $"{where} follows another user message";
                case "tool":
                    var id = (string?)(m["tool_call_id"] as JsonValue);
                    if (id is null || !pending.Remove(id)) return $"{where}: tool_call_id {Show(m["tool_call_id"])} answers no pending call";
                    if (content is null) return $"{where} has no text content (the tool's result)";
                    break;
                case "assistant":
                    if (i == 0 || RoleOf(messages[i - 1]) is "system" or "assistant") return $"{where} must follow a user or tool message";
                    if (m["tool_calls"] is JsonArray calls && calls.Count > 0)
                    {
                        foreach (var call in calls)
                        {
                            if (call is not JsonObject co || (string?)(co["id"] as JsonValue) is not { Length: > 0 } callId || (string?)(co["type"] as JsonValue) != "function"
                                || co["function"] is not JsonObject fn || (string?)(fn["name"] as JsonValue) is not { } callName)
                                return $"{where}: a tool call is not {{id, type: \"function\", function: {{name, arguments}}}}";
                            if (!names.Contains(callName)) return $"{where} calls '{callName}', which is not among the offered tools ({string.Join(", ", names)})";
                            if (ParseArguments(fn["arguments"]) is null) return $"{where}: the arguments of '{callName}' are not a JSON object in a string: {Show(fn["arguments"])}";
                            pending.Add(callId);
                        }
                        if (!sawAssistant) firstCall = (JsonObject)calls[0]!;
                    }
                    else if (string.IsNullOrWhiteSpace(content)) return $"{where} has neither text nor tool_calls";
                    sawAssistant = true;
                    break;
            }
            if (i == 0 && role == "assistant") return "the first message is the assistant's";
        }
        if (FirstUser(conversation) is null) return "no user message";
        var last = (JsonObject)messages[^1]!;
        if ((string?)last["role"] != "assistant" || last["tool_calls"] is JsonArray { Count: > 0 }) return "the last message must be the assistant's text reply";
        var expected = conversation["expected"] as JsonObject;
        var expectedTool = (string?)(expected?["tool"] as JsonValue);
        var firstName = (string?)firstCall?["function"]?["name"];
        if (expectedTool != firstName)
            return $"expected.tool is {Show(expectedTool)} but the first assistant reply {(firstName is null ? "calls no tool" : $"calls '{firstName}'")}";
        if (firstCall is not null && !JsonNode.DeepEquals(expected?["arguments"], ParseArguments(firstCall["function"]!["arguments"])))
            return $"expected.arguments {Show(expected?["arguments"])} differ from the call's arguments {Show(firstCall["function"]!["arguments"])}";
        return null;
    }

    private static string? RoleOf(JsonNode? message) =>
        message?["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String ? (string)r! : null;

    private static IEnumerable<JsonObject> Tools(JsonObject? conversation) =>
        (conversation?["tools"] as JsonArray ?? []).OfType<JsonObject>();

    private static string? ToolName(JsonObject tool) => tool["function"]?["name"] is JsonValue v && v.GetValueKind() == JsonValueKind.String ? (string)v! : null;

    /// <summary>Every tool call in the conversation's assistant messages: name and parsed arguments (null when not
    /// a JSON object).</summary>
    private static IEnumerable<(string Name, JsonNode? Arguments)> Calls(JsonObject? conversation)
    {
        foreach (var message in (conversation?["messages"] as JsonArray ?? []).OfType<JsonObject>())
        {
            if (message["tool_calls"] is not JsonArray calls) continue;
            foreach (var call in calls.OfType<JsonObject>())
            {
                if (call["function"] is JsonObject f && f["name"] is JsonValue n && n.GetValueKind() == JsonValueKind.String)
                    yield return ((string)n!, ParseArguments(f["arguments"]));
            }
        }
    }

    private static string? FirstUser(JsonObject? conversation) =>
        (conversation?["messages"] as JsonArray ?? []).OfType<JsonObject>()
            .Where(m => m["role"] is JsonValue r && r.GetValueKind() == JsonValueKind.String && (string)r! == "user")
            .Select(m => m["content"] is JsonValue c && c.GetValueKind() == JsonValueKind.String ? (string)c! : null)
            .FirstOrDefault();

    /// <summary>The arguments string parsed as a JSON object, or null.</summary>
    private static JsonObject? ParseArguments(JsonNode? arguments)
    {
        if (arguments is not JsonValue v || v.GetValueKind() != JsonValueKind.String) return null;
        try
        {
            return JsonNode.Parse((string)v!) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Show(object? value)
    {
        var text = value switch
        {
            null => "null",
            JsonNode node => node.ToJsonString(),
            string s => JsonSerializer.Serialize(s),
            _ => value.ToString() ?? "",
        };
        return text.Length <= 200 ? text : text[..200] + "…";
    }

    [GeneratedRegex("^[A-Z]{3}$")]
    private static partial Regex CurrencyCode();
}
