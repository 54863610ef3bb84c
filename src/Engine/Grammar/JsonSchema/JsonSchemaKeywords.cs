using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// The supported JSON Schema subset (draft 2020-12 spellings, plus draft-07 <c>definitions</c> and draft-04's boolean
/// <c>exclusiveMinimum</c>/<c>exclusiveMaximum</c>), checked once over the whole schema before it is converted or
/// used for validation, so both see the same subset: an unsupported keyword anywhere, even in a branch an instance
/// never reaches, is a <see cref="JsonSchemaException"/> naming it and its JSON Pointer.
/// </summary>
internal sealed class JsonSchemaKeywords
{
    /// <summary>Annotations: accepted anywhere and ignored.</summary>
    public static readonly FrozenSet<string> Annotations =
        new[] { "description", "title", "$schema", "$id", "default", "examples", "$comment" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Keywords with meaning for generation and validation.</summary>
    public static readonly FrozenSet<string> Supported = new[]
    {
        "type", "properties", "required", "additionalProperties", "items", "minItems", "maxItems", "enum", "const",
        "minLength", "maxLength", "format", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "anyOf", "oneOf",
        "$ref", "$defs", "definitions",
    }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>Supported values of <c>format</c> (RFC 3339 full-date and date-time, RFC 4122 UUID).</summary>
    public static readonly FrozenSet<string> Formats = new[] { "date", "date-time", "uuid" }.ToFrozenSet(StringComparer.Ordinal);

    /// <summary>The seven JSON Schema type names.</summary>
    public static readonly FrozenSet<string> TypeNames =
        new[] { "object", "array", "string", "number", "integer", "boolean", "null" }.ToFrozenSet(StringComparer.Ordinal);

    private readonly JsonElement root;
    private readonly HashSet<string> refs = new(StringComparer.Ordinal);

    private JsonSchemaKeywords(JsonElement root) => this.root = root;

    /// <summary>Checks every schema node under <paramref name="root"/>, every <c>$ref</c>, and that no <c>$ref</c>
    /// chain loops back to itself without consuming input (a left-recursive grammar).</summary>
    /// <exception cref="JsonSchemaException">Unsupported keyword or malformed schema.</exception>
    public static void Check(JsonElement root)
    {
        var checker = new JsonSchemaKeywords(root);
        checker.CheckNode(root, "");
        checker.CheckRefCycles();
    }

    /// <summary>Resolves a local reference (<c>#</c>, <c>#/$defs/name</c>, <c>#/definitions/name</c> or any JSON
    /// Pointer fragment into the root schema).</summary>
    /// <exception cref="JsonSchemaException">Not a local reference, or it points at nothing.</exception>
    public static JsonElement Resolve(JsonElement root, string reference, string path)
    {
        if (!reference.StartsWith('#'))
            throw new JsonSchemaException($"'$ref' \"{reference}\" at {Show(path)} is not supported: only local references such as \"#/$defs/name\" are.", path, "$ref");
        string pointer = Uri.UnescapeDataString(reference[1..]);
        if (pointer.Length > 0 && pointer[0] != '/')
            throw new JsonSchemaException($"'$ref' \"{reference}\" at {Show(path)} is not a JSON Pointer fragment (\"#/$defs/name\").", path, "$ref");
        var node = root;
        foreach (string raw in pointer.Length == 0 ? [] : pointer[1..].Split('/'))
        {
            string segment = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (node.ValueKind == JsonValueKind.Object && node.TryGetProperty(segment, out var child)) node = child;
            else if (node.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int i) && i < node.GetArrayLength()) node = node[i];
            else throw new JsonSchemaException($"'$ref' \"{reference}\" at {Show(path)} does not resolve to anything in the schema.", path);
        }
        return node;
    }

    /// <summary>Appends <paramref name="token"/> to a JSON Pointer, escaping <c>~</c> and <c>/</c> (RFC 6901).</summary>
    public static string Append(string pointer, string token) =>
        pointer + "/" + token.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    /// <summary>A pointer for messages: <c>the root</c> or the pointer itself.</summary>
    public static string Show(string pointer) => pointer.Length == 0 ? "the root" : pointer;

    /// <summary>Reads a non-negative integer keyword value (<c>minLength</c>, <c>maxItems</c>…), or null when absent.</summary>
    public static int? ReadCount(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) ? (int)value.GetDecimal() : null;

    private void CheckNode(JsonElement node, string path)
    {
        if (node.ValueKind is JsonValueKind.True or JsonValueKind.False) return;
        if (node.ValueKind != JsonValueKind.Object)
            throw new JsonSchemaException($"The schema at {Show(path)} must be an object (or true/false), not {Kind(node)}.", path);
        var combinator = node.TryGetProperty("$ref", out _) ? "$ref" : node.TryGetProperty("anyOf", out _) ? "anyOf" : node.TryGetProperty("oneOf", out _) ? "oneOf" : null;
        foreach (var property in node.EnumerateObject())
        {
            string name = property.Name, at = Append(path, name);
            if (Annotations.Contains(name)) continue;
            if (!Supported.Contains(name))
                throw new JsonSchemaException(
                    $"The JSON Schema keyword '{name}' at {Show(path)} is not supported. Supported: {string.Join(", ", Supported.Order(StringComparer.Ordinal))}.", at, name);
            if (combinator is not null && name != combinator && name is not ("$defs" or "definitions"))
                throw new JsonSchemaException(
                    $"'{name}' beside '{combinator}' at {Show(path)} is not supported: put it inside the referenced schema or in each alternative.", at, name);
            CheckKeyword(name, property.Value, at);
        }
        CheckPair(node, path, "minLength", "maxLength");
        CheckPair(node, path, "minItems", "maxItems");
    }

    private void CheckKeyword(string name, JsonElement value, string at)
    {
        switch (name)
        {
            case "type":
                var types = value.ValueKind == JsonValueKind.Array ? value.EnumerateArray().ToList() : [value];
                if (types.Count == 0 || types.Any(t => t.ValueKind != JsonValueKind.String || !TypeNames.Contains(t.GetString()!))
                    || types.Select(t => t.GetString()).Distinct().Count() != types.Count)
                    throw new JsonSchemaException($"'type' at {at} must be one of {string.Join(", ", TypeNames)} or a non-empty array of distinct ones.", at);
                break;
            case "properties" or "$defs" or "definitions":
                Expect(value.ValueKind == JsonValueKind.Object, at, "an object of schemas");
                foreach (var child in value.EnumerateObject()) CheckNode(child.Value, Append(at, child.Name));
                break;
            case "required":
                Expect(value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String), at, "an array of property names");
                break;
            case "additionalProperties":
                CheckNode(value, at);
                break;
            case "items":
                if (value.ValueKind == JsonValueKind.Array)
                    throw new JsonSchemaException($"'items' at {at} is an array (a tuple); only a single schema for every item is supported.", at, "items");
                CheckNode(value, at);
                break;
            case "minItems" or "maxItems" or "minLength" or "maxLength":
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out decimal count) && count >= 0 && count <= 100_000 && count == decimal.Truncate(count),
                    at, "a whole number from 0 to 100000");
                break;
            case "enum":
                Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, at, "a non-empty array");
                break;
            case "format":
                Expect(value.ValueKind == JsonValueKind.String, at, "a string");
                if (!Formats.Contains(value.GetString()!))
                    throw new JsonSchemaException($"'format' \"{value.GetString()}\" at {at} is not supported (supported: date, date-time, uuid).", at, "format");
                break;
            case "minimum" or "maximum":
                Expect(value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out _), at, "a number");
                break;
            case "exclusiveMinimum" or "exclusiveMaximum":
                Expect(value.ValueKind is JsonValueKind.True or JsonValueKind.False || (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out _)), at, "a number");
                break;
            case "anyOf" or "oneOf":
                Expect(value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0, at, "a non-empty array of schemas");
                int i = 0;
                foreach (var branch in value.EnumerateArray()) CheckNode(branch, Append(at, (i++).ToString(CultureInfo.InvariantCulture)));
                break;
            case "$ref":
                Expect(value.ValueKind == JsonValueKind.String, at, "a string");
                Resolve(root, value.GetString()!, at);
                refs.Add(value.GetString()!);
                break;
        }
    }

    private static void CheckPair(JsonElement node, string path, string min, string max)
    {
        if (ReadCount(node, min) is int low && ReadCount(node, max) is int high && low > high)
            throw new JsonSchemaException($"'{min}' ({low}) is above '{max}' ({high}) at {Show(path)}: nothing can satisfy it.", Append(path, min));
    }

    private static void Expect(bool ok, string at, string what)
    {
        if (!ok) throw new JsonSchemaException($"The value of {at} must be {what}.", at);
    }

    private static string Kind(JsonElement node) => node.ValueKind.ToString().ToLowerInvariant();

    // A $ref (or an anyOf/oneOf branch) is in "head position": it is expanded before any character is consumed.
    // A cycle of head positions is left recursion, which llama.cpp's grammar parser rejects and a validator would
    // follow forever.
    private void CheckRefCycles()
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (string reference in refs) Visit(reference, []);

        void Visit(string reference, List<string> stack)
        {
            if (done.Contains(reference)) return;
            if (stack.Contains(reference))
                throw new JsonSchemaException(
                    $"The '$ref' chain {string.Join(" → ", stack.Append(reference))} refers back to itself before any value is written (left recursion).", "", "$ref");
            stack.Add(reference);
            foreach (string next in HeadRefs(Resolve(root, reference, ""))) Visit(next, stack);
            stack.RemoveAt(stack.Count - 1);
            done.Add(reference);
        }
    }

    private static IEnumerable<string> HeadRefs(JsonElement node)
    {
        if (node.ValueKind != JsonValueKind.Object) yield break;
        if (node.TryGetProperty("$ref", out var reference)) yield return reference.GetString()!;
        foreach (string combinator in (string[])["anyOf", "oneOf"])
        {
            if (!node.TryGetProperty(combinator, out var branches)) continue;
            foreach (var branch in branches.EnumerateArray())
                foreach (string next in HeadRefs(branch)) yield return next;
        }
    }
}
