using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets;

/// <summary>
/// The JSON the wire widgets show: chat completion request bodies written in OpenAI's field order, pretty-printing
/// with readable (unescaped) text, and the fields a reader should notice (<c>usage</c>, <c>finish_reason</c>).
/// </summary>
public static class WireJson
{
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>A non-streaming <c>POST /v1/chat/completions</c> body: <c>model</c> (when known), <c>messages</c>,
    /// then <c>max_tokens</c> and <c>seed</c> when set. Compact, UTF-8 text unescaped (as llama-server writes it).</summary>
    /// <param name="model">The model id, or null to leave <c>model</c> out (the engine accepts that).</param>
    /// <param name="messages">The conversation, oldest first.</param>
    /// <param name="maxTokens">max_tokens, or null.</param>
    /// <param name="seed">seed, or null.</param>
    public static string ChatRequest(string? model, IReadOnlyList<PromptMessage> messages, int? maxTokens, long? seed)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Compact))
        {
            w.WriteStartObject();
            if (!string.IsNullOrEmpty(model)) w.WriteString("model", model);
            w.WritePropertyName("messages");
            WriteMessages(w, messages);
            if (maxTokens is { } max) w.WriteNumber("max_tokens", max);
            if (seed is { } s) w.WriteNumber("seed", s);
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>The <c>messages</c> array alone, indented, as a chat client resends it on every call.</summary>
    /// <param name="messages">The conversation, oldest first.</param>
    public static string Messages(IReadOnlyList<PromptMessage> messages)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, Compact))
        {
            WriteMessages(w, messages);
        }
        return Pretty(System.Text.Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The JSON re-indented (2 spaces, text unescaped); <paramref name="json"/> unchanged when it does not parse.</summary>
    /// <param name="json">Any text.</param>
    public static string Pretty(string json)
    {
        try
        {
            return JsonNode.Parse(json)?.ToJsonString(Indented) ?? json;
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <summary>
    /// Marks the lines of an indented document to highlight: every line holding <c>"finish_reason"</c>, and the whole
    /// <c>"usage"</c> object. Returns one flag per line of <paramref name="prettyJson"/> split on <c>\n</c>.
    /// </summary>
    /// <param name="prettyJson">Output of <see cref="Pretty"/>.</param>
    public static IReadOnlyList<(string Text, bool Highlight)> HighlightLines(string prettyJson)
    {
        var lines = prettyJson.Split('\n');
        var result = new List<(string, bool)>(lines.Length);
        var usageIndent = -1;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            var indent = line.Length - line.TrimStart().Length;
            var trimmed = line.TrimStart();
            var highlight = usageIndent >= 0 || trimmed.StartsWith("\"finish_reason\"", StringComparison.Ordinal);
            if (usageIndent < 0 && trimmed.StartsWith("\"usage\": {", StringComparison.Ordinal) && !trimmed.EndsWith('}') && !trimmed.EndsWith("},", StringComparison.Ordinal))
            {
                usageIndent = indent;
                highlight = true;
            }
            else if (usageIndent < 0 && trimmed.StartsWith("\"usage\"", StringComparison.Ordinal))
            {
                highlight = true;
            }
            else if (usageIndent >= 0 && indent == usageIndent && trimmed.StartsWith('}'))
            {
                usageIndent = -1;
            }
            result.Add((line, highlight));
        }
        return result;
    }

    /// <summary>Reads the fields of a chat completion response worth pointing at; nulls for what is absent.</summary>
    /// <param name="responseJson">A response body (a completion or an error envelope).</param>
    public static WireSummary Summarize(string responseJson)
    {
        try
        {
            using var doc = JsonDocument.Parse(responseJson);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return WireSummary.Empty;
            string? content = null, finish = null, error = null;
            int? prompt = null, completion = null, total = null;
            if (root.TryGetProperty("choices", out var choices) && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0)
            {
                var first = choices[0];
                if (first.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var c) && c.ValueKind == JsonValueKind.String)
                    content = c.GetString();
                if (first.TryGetProperty("finish_reason", out var f) && f.ValueKind == JsonValueKind.String) finish = f.GetString();
            }
            if (root.TryGetProperty("usage", out var usage) && usage.ValueKind == JsonValueKind.Object)
            {
                prompt = Int(usage, "prompt_tokens");
                completion = Int(usage, "completion_tokens");
                total = Int(usage, "total_tokens");
            }
            if (root.TryGetProperty("error", out var err) && err.ValueKind == JsonValueKind.Object
                && err.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
                error = m.GetString();
            return new WireSummary(content, finish, prompt, completion, total, error);
        }
        catch (JsonException)
        {
            return WireSummary.Empty;
        }
    }

    private static int? Int(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static void WriteMessages(Utf8JsonWriter w, IReadOnlyList<PromptMessage> messages)
    {
        w.WriteStartArray();
        foreach (var m in messages)
        {
            w.WriteStartObject();
            w.WriteString("role", m.Role);
            w.WriteString("content", m.Content);
            w.WriteEndObject();
        }
        w.WriteEndArray();
    }
}
