using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>
/// The form the <c>mcp-tool-try</c> widget generates from a tool's <c>inputSchema</c>: one field per property of an
/// object schema (<see cref="McpSchemaFieldKind"/>: string, number, integer, boolean, enum; a JSON box for nested
/// objects, arrays and anything else), in declared order, with required marks and descriptions; and the
/// <c>arguments</c> object built from what was typed. The form does not validate: a value that does not fit (text in
/// a number field, a missing required field) goes to the registry as typed, whose schema check answers with an error
/// result, as the server's would.
/// </summary>
public sealed class McpSchemaForm
{
    private McpSchemaForm(IReadOnlyList<McpSchemaField> fields, bool isObject)
    {
        Fields = fields;
        IsObjectSchema = isObject;
    }

    /// <summary>The generated fields, in the schema's property order.</summary>
    public IReadOnlyList<McpSchemaField> Fields { get; }

    /// <summary>False when the schema is not an object schema with <c>properties</c> (then only raw JSON is offered).</summary>
    public bool IsObjectSchema { get; }

    /// <summary>Reads an <c>inputSchema</c>.</summary>
    /// <param name="schema">The schema (any JSON; a non-object gives an empty form).</param>
    public static McpSchemaForm From(JsonElement schema)
    {
        if (schema.ValueKind != JsonValueKind.Object || !schema.TryGetProperty("properties", out var properties)
            || properties.ValueKind != JsonValueKind.Object)
            return new McpSchemaForm([], false);
        var required = schema.TryGetProperty("required", out var r) && r.ValueKind == JsonValueKind.Array
            ? r.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet(StringComparer.Ordinal)
            : [];
        var fields = new List<McpSchemaField>();
        foreach (var p in properties.EnumerateObject())
        {
            var s = p.Value;
            string? description = s.ValueKind == JsonValueKind.Object && s.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            string? initial = s.ValueKind == JsonValueKind.Object && s.TryGetProperty("default", out var def)
                ? def.ValueKind == JsonValueKind.String ? def.GetString() : def.GetRawText()
                : null;
            var (kind, values) = KindOf(s);
            fields.Add(new McpSchemaField(p.Name, kind, required.Contains(p.Name), description, values, initial));
        }
        return new McpSchemaForm(fields, true);
    }

    /// <summary>Builds <c>arguments</c> from the typed values: empty fields are left out; numbers and integers that
    /// parse (invariant culture) are JSON numbers, others stay strings; booleans are <c>true</c>/<c>false</c>; enum
    /// values are their JSON; JSON fields are parsed (text that is not JSON stays a string).</summary>
    /// <param name="values">Field name → typed text.</param>
    public JsonObject BuildArguments(IReadOnlyDictionary<string, string?> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var arguments = new JsonObject();
        foreach (var f in Fields)
        {
            if (!values.TryGetValue(f.Name, out var text) || string.IsNullOrEmpty(text)) continue;
            arguments[f.Name] = f.Kind switch
            {
                McpSchemaFieldKind.Number when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) => JsonValue.Create(n),
                McpSchemaFieldKind.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => JsonValue.Create(i),
                McpSchemaFieldKind.Boolean when bool.TryParse(text, out var b) => JsonValue.Create(b),
                McpSchemaFieldKind.Enum or McpSchemaFieldKind.Json => ParseOrString(text),
                _ => JsonValue.Create(text),
            };
        }
        return arguments;
    }

    private static JsonNode? ParseOrString(string text)
    {
        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            return JsonValue.Create(text);
        }
    }

    private static (McpSchemaFieldKind Kind, IReadOnlyList<string> EnumValues) KindOf(JsonElement s)
    {
        if (s.ValueKind != JsonValueKind.Object) return (McpSchemaFieldKind.Json, []);
        if (s.TryGetProperty("enum", out var e) && e.ValueKind == JsonValueKind.Array
            && e.EnumerateArray().All(v => v.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False))
            return (McpSchemaFieldKind.Enum, [.. e.EnumerateArray().Select(v => v.GetRawText())]);
        if (!s.TryGetProperty("type", out var t) || t.ValueKind != JsonValueKind.String) return (McpSchemaFieldKind.Json, []);
        return t.GetString() switch
        {
            "string" => (McpSchemaFieldKind.String, []),
            "number" => (McpSchemaFieldKind.Number, []),
            "integer" => (McpSchemaFieldKind.Integer, []),
            "boolean" => (McpSchemaFieldKind.Boolean, []),
            _ => (McpSchemaFieldKind.Json, []),
        };
    }
}
