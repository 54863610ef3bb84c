using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// One conversion of a checked schema into GBNF rules (see <see cref="JsonSchemaGrammar"/> for the mapping). Rule
/// names come from property paths (<c>root</c>, <c>latitude</c>, <c>address-city</c>…), made unique with a numeric
/// suffix; the fixed rules of <see cref="GbnfPrimitives"/> are appended when used.
/// </summary>
internal sealed partial class GbnfSchemaConverter
{
    private readonly JsonElement root;
    private readonly List<(string Name, string Body)> rules = [];
    private readonly JsonSchemaGrammarOptions options;
    private readonly HashSet<string> names = new(GbnfPrimitives.Names, StringComparer.Ordinal);
    private readonly HashSet<string> primitives = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> refRules = new(StringComparer.Ordinal);

    private GbnfSchemaConverter(JsonElement root, JsonSchemaGrammarOptions options)
    {
        this.root = root;
        this.options = options;
    }

    /// <summary>Converts <paramref name="schema"/> (already checked or not) into GBNF text with root rule <c>root</c>.</summary>
    /// <exception cref="JsonSchemaException">Unsupported or malformed schema, or one no value satisfies.</exception>
    public static string Convert(JsonElement schema, JsonSchemaGrammarOptions options)
    {
        options.Validate();
        JsonSchemaKeywords.Check(schema);
        var converter = new GbnfSchemaConverter(schema, options);
        converter.names.Add("root");
        int slot = converter.Reserve();
        converter.Define(slot, "root", converter.Visit(schema, "", "root"));
        return converter.Render();
    }

    private string Render()
    {
        var text = new StringBuilder();
        foreach (var (name, body) in rules) text.Append(name).Append(" ::= ").Append(body).Append('\n');
        var fixedRules = GbnfPrimitives.Rules(options);
        var used = primitives.SelectMany(p => GbnfPrimitives.Closure(fixedRules, p)).ToHashSet(StringComparer.Ordinal);
        foreach (string name in used.Order(StringComparer.Ordinal))
            text.Append(name).Append(" ::= ").Append(fixedRules[name].Body).Append('\n');
        return text.ToString();
    }

    // Returns a GBNF term safe to place in a sequence (a rule name, a literal or a parenthesised group).
    private string Visit(JsonElement schema, string path, string name)
    {
        if (schema.ValueKind == JsonValueKind.True) return Primitive("value");
        if (schema.ValueKind == JsonValueKind.False)
            throw new JsonSchemaException($"The schema at {JsonSchemaKeywords.Show(path)} is false: no value satisfies it.", path);
        if (schema.TryGetProperty("$ref", out var reference)) return Reference(reference.GetString()!, path);
        foreach (string combinator in (string[])["anyOf", "oneOf"])
        {
            if (!schema.TryGetProperty(combinator, out var branches)) continue;
            var alternatives = branches.EnumerateArray()
                .Select((branch, i) => Visit(branch, JsonSchemaKeywords.Append(JsonSchemaKeywords.Append(path, combinator), i.ToString(System.Globalization.CultureInfo.InvariantCulture)), $"{name}-{i}"))
                .ToList();
            return AddRule(name, string.Join(" | ", alternatives));
        }
        if (schema.TryGetProperty("const", out var constant)) return Constants(schema, [constant], path, name);
        if (schema.TryGetProperty("enum", out var values)) return Constants(schema, values.EnumerateArray().ToList(), path, name);

        var types = TypesOf(schema);
        if (types.Count == 0) return Primitive("value");
        if (types.Count == 1) return VisitType(schema, types[0], path, name);
        return AddRule(name, string.Join(" | ", types.Select(type => VisitType(schema, type, path, $"{name}-{type}"))));
    }

    private string VisitType(JsonElement schema, string type, string path, string name) => type switch
    {
        "null" => Primitive("null"),
        "boolean" => Primitive("boolean"),
        "string" => VisitString(schema, path, name),
        "integer" => VisitInteger(schema, path, name),
        "number" => VisitNumber(schema, path, name),
        "array" => VisitArray(schema, path, name),
        _ => VisitObject(schema, path, name),
    };

    // The declared types, or those implied by the keywords present (a sound subset of "anything").
    private static List<string> TypesOf(JsonElement schema)
    {
        if (schema.TryGetProperty("type", out var type))
            return type.ValueKind == JsonValueKind.String ? [type.GetString()!] : type.EnumerateArray().Select(t => t.GetString()!).ToList();
        var implied = new List<string>();
        if (Has(schema, "properties", "required", "additionalProperties")) implied.Add("object");
        if (Has(schema, "items", "minItems", "maxItems")) implied.Add("array");
        if (Has(schema, "minLength", "maxLength", "format")) implied.Add("string");
        if (Has(schema, "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")) implied.Add("number");
        return implied;
    }

    private static bool Has(JsonElement schema, params string[] keywords) => keywords.Any(k => schema.TryGetProperty(k, out _));

    private string Reference(string reference, string path)
    {
        if (refRules.TryGetValue(reference, out var existing)) return existing;
        string hint = reference.TrimEnd('/').Split('/')[^1];
        string name = UniqueName(hint.Length == 0 || hint == "#" ? "ref" : hint);
        refRules[reference] = name;
        int slot = Reserve();
        var target = JsonSchemaKeywords.Resolve(root, reference, path);
        Define(slot, name, Visit(target, reference.TrimStart('#'), name));
        return name;
    }

    // Fills the reserved rule at slot with term. When term is a rule made for it after the slot (named from the
    // same hint, so "point-1" for "point"), its body moves into the slot instead of leaving "point ::= point-1":
    // no other rule can refer to it, AddRule's names are only returned to the caller.
    private void Define(int slot, string name, string term)
    {
        int made = rules.FindIndex(slot + 1, r => r.Name == term);
        if (made > slot && !refRules.ContainsValue(term))
        {
            rules[slot] = (name, rules[made].Body);
            rules.RemoveAt(made);
        }
        else
        {
            rules[slot] = (name, term);
        }
    }

    private string Constants(JsonElement schema, List<JsonElement> candidates, string path, string name)
    {
        // Keep the constants the rest of the schema (type, bounds…) accepts, so the output satisfies both.
        var allowed = candidates.Where(c => JsonSchemaValidator.IsValid(root, schema, c)).Select(GbnfText.Json).Distinct().ToList();
        if (allowed.Count == 0)
            throw new JsonSchemaException($"No value of 'enum'/'const' at {JsonSchemaKeywords.Show(path)} satisfies the rest of its schema.", path);
        return AddRule(name, string.Join(" | ", allowed.Select(json => GbnfText.Literal(json) + " " + Primitive("space"))));
    }

    private string VisitString(JsonElement schema, string path, string name)
    {
        int min = JsonSchemaKeywords.ReadCount(schema, "minLength") ?? 0;
        int? max = JsonSchemaKeywords.ReadCount(schema, "maxLength");
        if (schema.TryGetProperty("format", out var format))
        {
            var (rule, shortest, longest) = GbnfPrimitives.Formats[format.GetString()!];
            if (shortest < min || longest > max)
                throw new JsonSchemaException(
                    $"'format' \"{format.GetString()}\" (from {shortest} to {longest} characters) at {JsonSchemaKeywords.Show(path)} cannot be combined with minLength/maxLength that cut into it.",
                    JsonSchemaKeywords.Append(path, "format"), "format");
            return Primitive(rule);
        }
        max ??= Limit(options.MaxStringLength, min);
        if (min == 0 && max == options.MaxStringLength) return Primitive("string");
        return AddRule(name, $"\"\\\"\" {GbnfText.Repeat(Primitive("char"), min, max)} \"\\\"\" {Primitive("space")}");
    }

    private string VisitArray(JsonElement schema, string path, string name)
    {
        int min = JsonSchemaKeywords.ReadCount(schema, "minItems") ?? 0;
        int? max = JsonSchemaKeywords.ReadCount(schema, "maxItems") ?? Limit(options.MaxItems, min);
        string item = schema.TryGetProperty("items", out var items)
            ? Visit(items, JsonSchemaKeywords.Append(path, "items"), $"{name}-item")
            : Primitive("value");
        string space = Primitive("space");
        string more = $"(\",\" {space} {item})";
        string body = max == 0 ? ""
            : min == 0 ? $"({Join(item, GbnfText.Repeat(more, 0, max - 1))})?"
            : Join(item, GbnfText.Repeat(more, min - 1, max - 1));
        return AddRule(name, Join(Join($"\"[\" {space}", body), $"\"]\" {space}"));
    }

    // A default limit, raised to the schema's minimum when that is higher; null = none.
    private static int? Limit(int? limit, int minimum) => limit is int value ? Math.Max(value, minimum) : null;

    private string Primitive(string name)
    {
        primitives.Add(name);
        return name;
    }

    private int Reserve()
    {
        rules.Add(("", ""));
        return rules.Count - 1;
    }

    private string AddRule(string hint, string body)
    {
        string name = UniqueName(hint);
        rules.Add((name, body));
        return name;
    }

    private string UniqueName(string hint)
    {
        var cleaned = new StringBuilder();
        foreach (char c in hint) cleaned.Append(char.IsAsciiLetterOrDigit(c) ? c : '-');
        string stem = cleaned.ToString().Trim('-');
        if (stem.Length == 0) stem = "rule";
        string candidate = stem;
        for (int i = 1; !names.Add(candidate); i++) candidate = $"{stem}-{i}";
        return candidate;
    }
}
