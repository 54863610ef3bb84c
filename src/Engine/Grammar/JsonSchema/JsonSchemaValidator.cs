using System.Globalization;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// Validates JSON documents against a schema in the subset <see cref="JsonSchemaGrammar"/> supports, with JSON
/// Schema 2020-12 semantics: keywords apply to their own type only (<c>minLength</c> ignores a number), an integer is
/// any number with no fractional part (<c>1.0</c>), <c>oneOf</c> needs exactly one match, <c>enum</c>/<c>const</c>
/// compare numbers by value, lengths count code points, and <c>format</c> is asserted (RFC 3339 full-date and
/// date-time, RFC 4122 UUID). Without <c>additionalProperties</c>, undeclared properties are allowed.
/// </summary>
public static class JsonSchemaValidator
{
    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema (object or boolean).</param>
    /// <param name="instance">The document.</param>
    /// <returns>Every violation found, in document order (empty when valid). Below a failed <c>type</c>, nothing
    /// else is checked; a failed <c>anyOf</c>/<c>oneOf</c> is one error.</returns>
    /// <exception cref="JsonSchemaException">The schema itself is unsupported or malformed.</exception>
    public static IReadOnlyList<JsonSchemaError> Validate(JsonElement schema, JsonElement instance)
    {
        JsonSchemaKeywords.Check(schema);
        var errors = new List<JsonSchemaError>();
        Check(schema, schema, instance, "", errors);
        return errors;
    }

    /// <summary>Parses <paramref name="json"/> and validates it; text that is not JSON gives one error with keyword
    /// <c>json</c> and instance path <c>""</c>.</summary>
    /// <returns>Every violation found (empty when valid).</returns>
    /// <exception cref="JsonSchemaException">The schema itself is unsupported or malformed.</exception>
    public static IReadOnlyList<JsonSchemaError> Validate(JsonElement schema, string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonSchemaKeywords.Check(schema);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            return [new JsonSchemaError("", "json", $"The text is not JSON: {error.Message}")];
        }
        using (document) return Validate(schema, document.RootElement);
    }

    /// <summary>Whether <paramref name="instance"/> satisfies <paramref name="schema"/>, a node of the checked
    /// schema <paramref name="root"/> (for filtering enum values during conversion).</summary>
    internal static bool IsValid(JsonElement root, JsonElement schema, JsonElement instance)
    {
        var errors = new List<JsonSchemaError>();
        Check(root, schema, instance, "", errors);
        return errors.Count == 0;
    }

    private static void Check(JsonElement root, JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        if (schema.ValueKind == JsonValueKind.True) return;
        if (schema.ValueKind == JsonValueKind.False)
        {
            errors.Add(new(path, "false", $"{Where(path)}: the schema false accepts no value."));
            return;
        }
        if (schema.TryGetProperty("$ref", out var reference))
        {
            Check(root, JsonSchemaKeywords.Resolve(root, reference.GetString()!, ""), instance, path, errors);
            return;
        }
        if (schema.TryGetProperty("anyOf", out var anyOf))
        {
            if (!anyOf.EnumerateArray().Any(branch => IsValid(root, branch, instance)))
                errors.Add(new(path, "anyOf", $"{Where(path)}: {Show(instance)} matches none of the {anyOf.GetArrayLength()} anyOf alternatives."));
            return;
        }
        if (schema.TryGetProperty("oneOf", out var oneOf))
        {
            int matches = oneOf.EnumerateArray().Count(branch => IsValid(root, branch, instance));
            if (matches != 1)
                errors.Add(new(path, "oneOf", $"{Where(path)}: {Show(instance)} matches {matches} of the oneOf alternatives; exactly one must match."));
            return;
        }
        if (schema.TryGetProperty("type", out var type) && !MatchesType(type, instance))
        {
            errors.Add(new(path, "type", $"{Where(path)}: expected {TypeText(type)} but found {Show(instance)}."));
            return;
        }
        if (schema.TryGetProperty("enum", out var values) && !values.EnumerateArray().Any(v => JsonValueEquality.Equal(v, instance)))
            errors.Add(new(path, "enum", $"{Where(path)}: {Show(instance)} is not one of {GbnfText.Json(values)}."));
        if (schema.TryGetProperty("const", out var constant) && !JsonValueEquality.Equal(constant, instance))
            errors.Add(new(path, "const", $"{Where(path)}: {Show(instance)} is not {GbnfText.Json(constant)}."));

        switch (instance.ValueKind)
        {
            case JsonValueKind.String: CheckString(schema, instance.GetString()!, path, errors); break;
            case JsonValueKind.Number: CheckNumber(schema, instance, path, errors); break;
            case JsonValueKind.Array: CheckArray(root, schema, instance, path, errors); break;
            case JsonValueKind.Object: CheckObject(root, schema, instance, path, errors); break;
        }
    }

    private static void CheckString(JsonElement schema, string text, string path, List<JsonSchemaError> errors)
    {
        int length = text.EnumerateRunes().Count();
        if (JsonSchemaKeywords.ReadCount(schema, "minLength") is int min && length < min)
            errors.Add(new(path, "minLength", $"{Where(path)}: the string has {length} characters, fewer than minLength {min}."));
        if (JsonSchemaKeywords.ReadCount(schema, "maxLength") is int max && length > max)
            errors.Add(new(path, "maxLength", $"{Where(path)}: the string has {length} characters, more than maxLength {max}."));
        if (schema.TryGetProperty("format", out var format) && !JsonStringFormats.Matches(format.GetString()!, text))
            errors.Add(new(path, "format", $"{Where(path)}: \"{text}\" is not a valid {format.GetString()}."));
    }

    // Each bound keyword on its own, compared with the bound as written (decimal precision where both fit, else
    // double, so a bound such as 1e300 still compares). Draft-04's boolean exclusiveMinimum/exclusiveMaximum makes
    // minimum/maximum exclusive.
    private static void CheckNumber(JsonElement schema, JsonElement number, string path, List<JsonSchemaError> errors)
    {
        Bound("minimum", lower: true, exclusive: IsTrue("exclusiveMinimum"));
        Bound("exclusiveMinimum", lower: true, exclusive: true);
        Bound("maximum", lower: false, exclusive: IsTrue("exclusiveMaximum"));
        Bound("exclusiveMaximum", lower: false, exclusive: true);

        bool IsTrue(string keyword) => schema.TryGetProperty(keyword, out var flag) && flag.ValueKind == JsonValueKind.True;

        void Bound(string keyword, bool lower, bool exclusive)
        {
            if (!schema.TryGetProperty(keyword, out var bound) || bound.ValueKind != JsonValueKind.Number) return;
            int order = JsonValueEquality.Compare(number, bound);
            if (lower ? (exclusive ? order > 0 : order >= 0) : (exclusive ? order < 0 : order <= 0)) return;
            string failed = !exclusive ? keyword : lower ? "exclusiveMinimum" : "exclusiveMaximum";
            errors.Add(new(path, failed, $"{Where(path)}: {number.GetRawText()} is {(lower ? "below" : "above")} the {(exclusive ? "exclusive " : "")}{(lower ? "minimum" : "maximum")} {bound.GetRawText()}."));
        }
    }

    private static void CheckArray(JsonElement root, JsonElement schema, JsonElement array, string path, List<JsonSchemaError> errors)
    {
        int count = array.GetArrayLength();
        if (JsonSchemaKeywords.ReadCount(schema, "minItems") is int min && count < min)
            errors.Add(new(path, "minItems", $"{Where(path)}: the array has {count} items, fewer than minItems {min}."));
        if (JsonSchemaKeywords.ReadCount(schema, "maxItems") is int max && count > max)
            errors.Add(new(path, "maxItems", $"{Where(path)}: the array has {count} items, more than maxItems {max}."));
        if (!schema.TryGetProperty("items", out var items)) return;
        int i = 0;
        foreach (var item in array.EnumerateArray())
            Check(root, items, item, JsonSchemaKeywords.Append(path, (i++).ToString(CultureInfo.InvariantCulture)), errors);
    }

    private static void CheckObject(JsonElement root, JsonElement schema, JsonElement instance, string path, List<JsonSchemaError> errors)
    {
        if (schema.TryGetProperty("required", out var required))
        {
            foreach (var name in required.EnumerateArray().Select(r => r.GetString()!))
                if (!instance.TryGetProperty(name, out _))
                    errors.Add(new(path, "required", $"{Where(path)}: the required property '{name}' is missing."));
        }
        schema.TryGetProperty("properties", out var properties);
        bool hasAdditional = schema.TryGetProperty("additionalProperties", out var additional);
        foreach (var property in instance.EnumerateObject())
        {
            string at = JsonSchemaKeywords.Append(path, property.Name);
            if (properties.ValueKind == JsonValueKind.Object && properties.TryGetProperty(property.Name, out var declared))
                Check(root, declared, property.Value, at, errors);
            else if (hasAdditional && additional.ValueKind == JsonValueKind.False)
                errors.Add(new(at, "additionalProperties", $"{Where(path)}: the property '{property.Name}' is not declared and additionalProperties is false."));
            else if (hasAdditional)
                Check(root, additional, property.Value, at, errors);
        }
    }

    private static bool MatchesType(JsonElement type, JsonElement instance) => type.ValueKind == JsonValueKind.String
        ? MatchesType(type.GetString()!, instance)
        : type.EnumerateArray().Any(t => MatchesType(t.GetString()!, instance));

    private static bool MatchesType(string type, JsonElement instance) => type switch
    {
        "null" => instance.ValueKind == JsonValueKind.Null,
        "boolean" => instance.ValueKind is JsonValueKind.True or JsonValueKind.False,
        "string" => instance.ValueKind == JsonValueKind.String,
        "number" => instance.ValueKind == JsonValueKind.Number,
        "integer" => instance.ValueKind == JsonValueKind.Number && JsonValueEquality.IsInteger(instance),
        "array" => instance.ValueKind == JsonValueKind.Array,
        _ => instance.ValueKind == JsonValueKind.Object,
    };

    private static string TypeText(JsonElement type) => type.ValueKind == JsonValueKind.String
        ? type.GetString()!
        : string.Join(" or ", type.EnumerateArray().Select(t => t.GetString()));

    private static string Where(string path) => path.Length == 0 ? "The document" : path;

    private static string Show(JsonElement instance)
    {
        string json = GbnfText.Json(instance);
        string kind = instance.ValueKind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "the string",
            JsonValueKind.Number => "the number",
            _ => "",
        };
        if (json.Length > 60) json = json[..57] + "...";
        return instance.ValueKind is JsonValueKind.Object or JsonValueKind.Array ? kind : $"{kind} {json}".Trim();
    }
}
