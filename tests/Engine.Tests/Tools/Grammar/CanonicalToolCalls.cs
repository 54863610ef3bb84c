using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary>A strict reader of exactly the canonical text <see cref="ToolCallGrammar"/> documents (not a parser:
/// any deviation is an error), so the tests can check the shape and pull out each call's arguments.</summary>
public static class CanonicalToolCalls
{
    /// <summary>The calls in <paramref name="text"/>, as (name, arguments JSON object).</summary>
    /// <exception cref="FormatException">The text is not canonical for the format.</exception>
    public static List<(string Name, JsonElement Arguments)> Read(ToolCallFormat format, string text, IReadOnlyList<ToolDefinition> tools,
        MistralCallForm mistralForm = MistralCallForm.JsonArray)
    {
        var cursor = new Cursor(text);
        var calls = new List<(string, JsonElement)>();
        switch (format)
        {
            case ToolCallFormat.Hermes:
                do
                {
                    cursor.Expect("<tool_call>\n");
                    calls.Add(Envelope(cursor.Json(), "arguments"));
                    cursor.Expect("\n</tool_call>");
                } while (!cursor.AtEnd && cursor.Skip("\n"));
                break;
            case ToolCallFormat.Llama31:
                cursor.Skip("<|python_tag|>");
                do calls.Add(Envelope(cursor.Json(), "parameters"));
                while (!cursor.AtEnd && cursor.Skip("; "));
                break;
            case ToolCallFormat.Mistral when mistralForm == MistralCallForm.JsonArray:
                cursor.Expect("[TOOL_CALLS]");
                var array = cursor.Json();
                if (array.ValueKind != JsonValueKind.Array || array.GetArrayLength() == 0) throw new FormatException("Not a non-empty array.");
                calls.AddRange(array.EnumerateArray().Select(e => Envelope(e, "arguments")));
                break;
            case ToolCallFormat.Mistral:
                do
                {
                    cursor.Expect("[TOOL_CALLS]");
                    string name = cursor.Until("[ARGS]");
                    calls.Add((name, cursor.Json()));
                } while (!cursor.AtEnd);
                break;
            default:
                do
                {
                    cursor.Expect("<tool_call>\n<function=");
                    string name = cursor.Until(">\n");
                    var parameters = Schema(tools, name).TryGetProperty("properties", out var p) ? p : default;
                    var arguments = new JsonObject();
                    while (cursor.Skip("<parameter="))
                    {
                        string key = cursor.Until(">\n");
                        string value = cursor.Until("\n</parameter>\n");
                        var schema = parameters.GetProperty(key);
                        arguments[key] = Qwen3CoderParameters.IsRawString(schema) ? JsonValue.Create(value) : JsonNode.Parse(value);
                    }
                    cursor.Expect("</function>\n</tool_call>");
                    calls.Add((name, JsonSerializer.SerializeToElement(arguments)));
                } while (!cursor.AtEnd && cursor.Skip("\n"));
                break;
        }
        if (!cursor.AtEnd) throw new FormatException($"Text after the calls at {cursor.Position}.");
        return calls;
    }

    /// <summary>The parameters schema of the tool named <paramref name="name"/>.</summary>
    public static JsonElement Schema(IReadOnlyList<ToolDefinition> tools, string name) =>
        tools.Single(t => t.Name == name).Parameters;

    private static (string, JsonElement) Envelope(JsonElement call, string argumentsKey)
    {
        var names = call.EnumerateObject().Select(p => p.Name).ToList();
        if (!names.SequenceEqual(["name", argumentsKey])) throw new FormatException($"Call members are {string.Join(",", names)}.");
        return (call.GetProperty("name").GetString()!, call.GetProperty(argumentsKey));
    }

    private sealed class Cursor(string text)
    {
        public int Position { get; private set; }

        public bool AtEnd => Position == text.Length;

        public bool Skip(string literal)
        {
            if (!text.AsSpan(Position).StartsWith(literal, StringComparison.Ordinal)) return false;
            Position += literal.Length;
            return true;
        }

        public void Expect(string literal)
        {
            if (!Skip(literal)) throw new FormatException($"Expected '{literal}' at {Position}: '{text[Position..]}'.");
        }

        public string Until(string literal)
        {
            int end = text.IndexOf(literal, Position, StringComparison.Ordinal);
            if (end < 0) throw new FormatException($"No '{literal}' after {Position}.");
            string value = text[Position..end];
            Position = end + literal.Length;
            return value;
        }

        // One JSON value starting here (no whitespace before it).
        public JsonElement Json()
        {
            var bytes = Encoding.UTF8.GetBytes(text[Position..]);
            var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
            using var document = JsonDocument.ParseValue(ref reader);
            Position += Encoding.UTF8.GetString(bytes, 0, (int)reader.BytesConsumed).Length;
            return document.RootElement.Clone();
        }
    }
}
