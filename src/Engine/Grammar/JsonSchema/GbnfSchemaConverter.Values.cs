using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

internal sealed partial class GbnfSchemaConverter
{
    private string VisitInteger(JsonElement schema, string path, string name)
    {
        var (low, lowExclusive, high, highExclusive) = Bounds(schema);
        if (low is null && high is null) return Primitive("integer");
        long? from = IntegerBound(low, lowExclusive, lower: true), to = IntegerBound(high, highExclusive, lower: false);
        string range = GbnfNumberRanges.Integer(from, to)
            ?? throw new JsonSchemaException($"No integer lies between the bounds at {JsonSchemaKeywords.Show(path)}.", path);
        return AddRule(name, $"{range} {Primitive("space")}");
    }

    private string VisitNumber(JsonElement schema, string path, string name)
    {
        var (low, lowExclusive, high, highExclusive) = Bounds(schema);
        if (low is null && high is null) return Primitive("number");
        foreach (var (bound, keyword) in new[] { (low, lowExclusive ? "exclusiveMinimum" : "minimum"), (high, highExclusive ? "exclusiveMaximum" : "maximum") })
        {
            if (bound is decimal value && value != decimal.Truncate(value))
                throw new JsonSchemaException(
                    $"'{keyword}' {value} on a number at {JsonSchemaKeywords.Show(path)} is not supported: a grammar can bound numbers by whole numbers only (use a whole number, or scale the value).",
                    JsonSchemaKeywords.Append(path, keyword), keyword);
        }
        string range = GbnfNumberRanges.Decimal(ToLimit(low, below: true), lowExclusive, ToLimit(high, below: false), highExclusive)
            ?? throw new JsonSchemaException($"No number lies between the bounds at {JsonSchemaKeywords.Show(path)}.", path);
        return AddRule(name, $"{range} {Primitive("space")}");
    }

    // The effective lower and upper bounds: minimum/exclusiveMinimum (a number, or draft-04's boolean that makes
    // minimum exclusive), the tighter one winning.
    private static (decimal? Low, bool LowExclusive, decimal? High, bool HighExclusive) Bounds(JsonElement schema)
    {
        var (low, lowExclusive) = Bound(schema, "minimum", "exclusiveMinimum", lower: true);
        var (high, highExclusive) = Bound(schema, "maximum", "exclusiveMaximum", lower: false);
        return (low, lowExclusive, high, highExclusive);
    }

    private static (decimal? Value, bool Exclusive) Bound(JsonElement schema, string inclusiveName, string exclusiveName, bool lower)
    {
        decimal? inclusive = schema.TryGetProperty(inclusiveName, out var i) ? Clamp(i) : null;
        if (!schema.TryGetProperty(exclusiveName, out var e)) return (inclusive, false);
        if (e.ValueKind is JsonValueKind.True) return (inclusive, inclusive is not null);
        if (e.ValueKind is JsonValueKind.False) return (inclusive, false);
        decimal exclusive = Clamp(e);
        if (inclusive is null) return (exclusive, true);
        bool exclusiveWins = lower ? exclusive >= inclusive : exclusive <= inclusive;
        return exclusiveWins ? (exclusive, true) : (inclusive, false);
    }

    private static decimal Clamp(JsonElement number) =>
        number.TryGetDecimal(out decimal value) ? value : number.GetDouble() > 0 ? decimal.MaxValue : decimal.MinValue;

    // The nearest integer inside a bound (> 2.5 → 3, ≤ 2.5 → 2). A bound beyond ±Limit goes to ToLimit as it is:
    // rounding decimal's clamped ±MaxValue would overflow.
    private static long? IntegerBound(decimal? bound, bool exclusive, bool lower)
    {
        if (bound is not decimal value || Math.Abs(value) > GbnfNumberRanges.Limit) return ToLimit(bound, below: lower);
        decimal whole = lower
            ? (exclusive ? decimal.Floor(value) + 1 : decimal.Ceiling(value))
            : (exclusive ? decimal.Ceiling(value) - 1 : decimal.Floor(value));
        return ToLimit(whole, below: lower);
    }

    // A bound beyond ±Limit is no bound for 16-digit numbers... unless it excludes them all.
    private static long? ToLimit(decimal? bound, bool below)
    {
        if (bound is null) return null;
        if (bound > GbnfNumberRanges.Limit)
        {
            if (below) throw TooLarge();
            return null;
        }
        if (bound < -GbnfNumberRanges.Limit)
        {
            if (!below) throw TooLarge();
            return null;
        }
        return (long)bound.Value;

        static JsonSchemaException TooLarge() =>
            new($"A bound beyond ±{GbnfNumberRanges.Limit} excludes every number the grammar writes (at most 16 digits).", "");
    }

    private string VisitObject(JsonElement schema, string path, string name)
    {
        var properties = new List<(string Name, JsonElement Schema, bool Required)>();
        var required = schema.TryGetProperty("required", out var list) ? list.EnumerateArray().Select(r => r.GetString()!).ToHashSet(StringComparer.Ordinal) : [];
        if (schema.TryGetProperty("properties", out var declared))
            foreach (var property in declared.EnumerateObject()) properties.Add((property.Name, property.Value, required.Contains(property.Name)));

        // additionalProperties: absent = only the declared properties are written (a subset of what the schema
        // allows, llama.cpp's choice); true or a schema = further properties with other names may follow.
        schema.TryGetProperty("additionalProperties", out var extra);
        bool closed = extra.ValueKind == JsonValueKind.False;
        JsonElement? additional = extra.ValueKind is JsonValueKind.Undefined or JsonValueKind.False ? null : extra;
        foreach (string missing in required.Where(r => properties.All(p => p.Name != r)))
        {
            if (closed)
                throw new JsonSchemaException($"'required' lists '{missing}' at {JsonSchemaKeywords.Show(path)}, but 'properties' does not declare it and additionalProperties is false.", JsonSchemaKeywords.Append(path, "required"));
            properties.Add((missing, additional ?? default, true));
        }
        if (properties.Count == 0 && additional is null && !closed && !schema.TryGetProperty("properties", out _)) return Primitive("object");

        string space = Primitive("space");
        var pairs = new List<string>();
        foreach (var (property, propertySchema, _) in properties)
        {
            string at = JsonSchemaKeywords.Append(JsonSchemaKeywords.Append(path, "properties"), property);
            string hint = name == "root" ? property : $"{name}-{property}";
            string value = propertySchema.ValueKind == JsonValueKind.Undefined ? Primitive("value") : Visit(propertySchema, at, hint);
            pairs.Add(AddRule($"{hint}-kv", $"{GbnfText.Literal(GbnfText.JsonString(property))} {space} \":\" {space} {value}"));
        }

        string additionalTail = "", additionalHead = "";
        if (additional is JsonElement more)
        {
            string key = properties.Count == 0 ? Primitive("string")
                : AddRule($"{name}-additional-key", OtherKey(properties.Select(p => p.Name), Primitive("plain-char")));
            string value = Visit(more, JsonSchemaKeywords.Append(path, "additionalProperties"), $"{name}-additional-value");
            string pair = AddRule($"{name}-additional-kv", $"{key} \":\" {space} {value}");
            additionalTail = GbnfText.Repeat($"(\",\" {space} {pair})", 0, options.MaxItems);
            additionalHead = $"({Join(pair, GbnfText.Repeat($"(\",\" {space} {pair})", 0, options.MaxItems - 1))})?";
        }

        // Declared order; each property after the first one written is preceded by a comma. Tail(i): the
        // properties from i on once something was written; Head(i): from i on when nothing was written yet.
        string Tail(int i) => i == properties.Count ? additionalTail
            : Join(properties[i].Required ? $"\",\" {space} {pairs[i]}" : $"(\",\" {space} {pairs[i]})?", Tail(i + 1));
        string Head(int i)
        {
            if (i == properties.Count) return additionalHead;
            string first = Join(pairs[i], Tail(i + 1));
            if (properties[i].Required) return first;
            string rest = Head(i + 1);
            return rest.Length == 0 ? $"({first})?" : $"({first} | {rest})";
        }
        return AddRule(name, Join(Join($"\"{{\" {space}", Head(0)), $"\"}}\" {space}"));
    }

    private static string Join(string a, string b) => a.Length == 0 ? b : b.Length == 0 ? a : $"{a} {b}";

    // A JSON string key equal to none of the declared names, written without escapes (so it cannot spell a declared
    // name through one): a trie over the names, each node allowing "end here" (unless a name ends there), "continue
    // into a child", or "leave the trie with another plain character".
    private string OtherKey(IEnumerable<string> declared, string plainChar)
    {
        var trie = new TrieNode();
        foreach (string key in declared)
        {
            if (key.Any(c => c is '"' or '\\' or < ' ' or '\x7F')) continue; // cannot be written without escapes
            var node = trie;
            foreach (var rune in key.EnumerateRunes()) node = node.Children.TryGetValue(rune, out var child) ? child : node.Children[rune] = new TrieNode();
            node.IsEnd = true;
        }
        return $"\"\\\"\" {Suffix(trie)} \"\\\"\" {Primitive("space")}";

        string Suffix(TrieNode node)
        {
            var alternatives = new List<string>();
            var excluded = new StringBuilder();
            foreach (var (rune, child) in node.Children.OrderBy(c => c.Key.Value))
            {
                string member = GbnfText.ClassMember(rune);
                excluded.Append(member);
                alternatives.Add(Join($"[{member}]", Suffix(child)));
            }
            alternatives.Add(Join($"[^\"\\\\\\x7F\\x00-\\x1F{excluded}]", GbnfText.Repeat(plainChar, 0, options.MaxStringLength)));
            string group = $"({string.Join(" | ", alternatives)})";
            return node.IsEnd ? group : group + "?";
        }
    }

    private sealed class TrieNode
    {
        public Dictionary<Rune, TrieNode> Children { get; } = [];
        public bool IsEnd { get; set; }
    }
}
