using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Engine.Tools.Grammar;

/// <summary>
/// The values of Qwen3-Coder's <c>&lt;parameter=KEY&gt;\nVALUE\n&lt;/parameter&gt;</c>, typed by the property's
/// schema as the model's template and vLLM's <c>qwen3_coder</c> parser type them: a plain string property
/// (<c>"type": "string"</c>, no <c>$ref</c>/<c>anyOf</c>) is raw text without quotes; anything else (numbers,
/// booleans, objects, arrays, unions) is JSON.
/// </summary>
internal static class Qwen3CoderParameters
{
    /// <summary>Whether the value of a property with this schema is written as raw text.</summary>
    public static bool IsRawString(JsonElement propertySchema) =>
        propertySchema.ValueKind == JsonValueKind.Object
        && propertySchema.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String && type.GetString() == "string"
        && !propertySchema.TryGetProperty("$ref", out _) && !propertySchema.TryGetProperty("anyOf", out _) && !propertySchema.TryGetProperty("oneOf", out _);

    /// <summary>The rule body of a raw string value: the <c>enum</c>/<c>const</c> strings, a <c>format</c>'s
    /// characters, or 0..max characters other than <c>&lt;</c> (so a value cannot fake a tag), CR and LF (so the
    /// one newline on each side is the frame), within <c>minLength</c>/<c>maxLength</c>.</summary>
    /// <exception cref="JsonSchemaException">No raw string satisfies the schema.</exception>
    public static string RawStringBody(JsonElement schema, JsonSchemaGrammarOptions options, string path, ISet<string> primitivesUsed)
    {
        var constants = new List<JsonElement>();
        if (schema.TryGetProperty("const", out var constant)) constants.Add(constant);
        if (schema.TryGetProperty("enum", out var values)) constants.AddRange(values.EnumerateArray());
        if (constants.Count > 0)
        {
            var allowed = constants.Where(c => c.ValueKind == JsonValueKind.String && JsonSchemaValidator.Validate(schema, c).Count == 0)
                .Select(c => GbnfText.Literal(c.GetString()!)).Distinct().ToList();
            if (allowed.Count == 0)
                throw new JsonSchemaException($"No string of 'enum'/'const' at {path} satisfies the rest of its schema.", path);
            return "(" + string.Join(" | ", allowed) + ")";
        }
        if (schema.TryGetProperty("format", out var format))
        {
            switch (format.GetString())
            {
                case "date": primitivesUsed.Add("date"); return "date";
                case "date-time": primitivesUsed.Add("date"); primitivesUsed.Add("time"); return "date \"T\" time";
                case "uuid": return "[0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12}";
            }
        }
        int min = JsonSchemaKeywords.ReadCount(schema, "minLength") ?? 0;
        int? max = JsonSchemaKeywords.ReadCount(schema, "maxLength") ?? (options.MaxStringLength is { } limit ? Math.Max(limit, min) : null);
        if (max < min) throw new JsonSchemaException($"'minLength' is above 'maxLength' at {path}.", path);
        string body = GbnfText.Repeat("[^<\\r\\n]", min, max);
        return body.Length == 0 ? "\"\"" : body;
    }

    /// <summary>A property's schema made self-contained for the converter: the tool's <c>$defs</c> and
    /// <c>definitions</c> copied beside it, so a local <c>$ref</c> still resolves.</summary>
    public static JsonElement WithDefinitions(JsonElement propertySchema, JsonElement parameters)
    {
        if (propertySchema.ValueKind != JsonValueKind.Object) return propertySchema;
        var node = JsonNode.Parse(propertySchema.GetRawText())!.AsObject();
        foreach (string key in (string[])["$defs", "definitions"])
        {
            if (!node.ContainsKey(key) && parameters.TryGetProperty(key, out var defs)) node[key] = JsonNode.Parse(defs.GetRawText());
        }
        return JsonSerializer.SerializeToElement(node);
    }
}
