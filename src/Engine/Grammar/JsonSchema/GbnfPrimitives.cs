namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// The fixed GBNF rules the converter draws on, after llama.cpp's <c>common/json-schema-to-grammar.cpp</c>
/// (<c>PRIMITIVE_RULES</c>, <c>STRING_FORMAT_RULES</c>) with three deliberate differences: whitespace is bounded to
/// one optional newline plus at most 20 spaces or tabs (<c>space</c>), so a model cannot loop on whitespace; a
/// <c>\u</c> escape may not name a UTF-16 surrogate (so every <c>char</c> is exactly one code point and the text
/// always parses); and <c>date</c> only writes days that exist in every year (February stops at 28).
/// Every value rule ends with <c>space</c>.
/// </summary>
internal static class GbnfPrimitives
{
    /// <summary>The names of the fixed rules (reserved: no schema-derived rule takes them).</summary>
    public static IEnumerable<string> Names => Fixed.Keys.Concat(["string", "object", "array"]);

    /// <summary>Rule name → (body, rules it uses), with <c>string</c>, <c>object</c> and <c>array</c> bounded by
    /// <paramref name="options"/>.</summary>
    public static IReadOnlyDictionary<string, (string Body, string[] Uses)> Rules(JsonSchemaGrammarOptions options)
    {
        var rules = new Dictionary<string, (string Body, string[] Uses)>(Fixed, StringComparer.Ordinal);
        int? more = options.MaxItems - 1;
        rules["string"] = ($"\"\\\"\" {GbnfText.Repeat("char", 0, options.MaxStringLength)} \"\\\"\" space", ["char", "space"]);
        string member = $"string \":\" space value {GbnfText.Repeat("(\",\" space string \":\" space value)", 0, more)}".TrimEnd();
        rules["object"] = ($"\"{{\" space ({member})? \"}}\" space", ["string", "value", "space"]);
        string item = $"value {GbnfText.Repeat("(\",\" space value)", 0, more)}".TrimEnd();
        rules["array"] = ($"\"[\" space ({item})? \"]\" space", ["value", "space"]);
        return rules;
    }

    private static readonly Dictionary<string, (string Body, string[] Uses)> Fixed = new(StringComparer.Ordinal)
    {
        ["space"] = ("| \" \" | \"\\n\" [ \\t]{0,20}", []),
        ["boolean"] = ("(\"true\" | \"false\") space", ["space"]),
        ["null"] = ("\"null\" space", ["space"]),
        ["char"] = ("[^\"\\\\\\x7F\\x00-\\x1F] | [\\\\] ([\"\\\\/bfnrt] | \"u\" ([0-9a-cA-CeEfF] [0-9a-fA-F]{3} | [dD] [0-7] [0-9a-fA-F]{2}))", []),
        ["plain-char"] = ("[^\"\\\\\\x7F\\x00-\\x1F]", []),
        ["integral-part"] = ("[0] | [1-9] [0-9]{0,15}", []),
        ["decimal-part"] = ("[0-9]{1,16}", []),
        ["integer"] = ("(\"-\"? integral-part) space", ["integral-part", "space"]),
        ["number"] = ("(\"-\"? integral-part) (\".\" decimal-part)? ([eE] [-+]? integral-part)? space", ["integral-part", "decimal-part", "space"]),
        ["value"] = ("object | array | string | number | boolean | null", ["object", "array", "string", "number", "boolean", "null"]),
        ["uuid"] = ("\"\\\"\" [0-9a-fA-F]{8} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{4} \"-\" [0-9a-fA-F]{12} \"\\\"\" space", ["space"]),
        ["date"] = ("[0-9]{4} \"-\" ((\"0\" [13578] | \"1\" [02]) \"-\" (\"0\" [1-9] | [12] [0-9] | \"3\" [01]) | (\"0\" [469] | \"11\") \"-\" (\"0\" [1-9] | [12] [0-9] | \"30\") | \"02\" \"-\" (\"0\" [1-9] | \"1\" [0-9] | \"2\" [0-8]))", []),
        ["time"] = ("([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9] \":\" [0-5] [0-9] (\".\" [0-9]{1,6})? (\"Z\" | [+-] ([01] [0-9] | \"2\" [0-3]) \":\" [0-5] [0-9])", []),
        ["date-string"] = ("\"\\\"\" date \"\\\"\" space", ["date", "space"]),
        ["date-time-string"] = ("\"\\\"\" date \"T\" time \"\\\"\" space", ["date", "time", "space"]),
    };

    /// <summary>The rule of each supported <c>format</c>, and the length range (in characters, quotes excluded) of
    /// what it writes, to check against <c>minLength</c>/<c>maxLength</c>.</summary>
    public static readonly IReadOnlyDictionary<string, (string Rule, int MinLength, int MaxLength)> Formats = new Dictionary<string, (string, int, int)>(StringComparer.Ordinal)
    {
        ["date"] = ("date-string", 10, 10),
        ["date-time"] = ("date-time-string", 20, 32),
        ["uuid"] = ("uuid", 36, 36),
    };

    /// <summary><paramref name="name"/> and every rule it needs, transitively.</summary>
    public static IEnumerable<string> Closure(IReadOnlyDictionary<string, (string Body, string[] Uses)> rules, string name)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([name]);
        while (pending.TryPop(out var next))
        {
            if (!seen.Add(next)) continue;
            foreach (string used in rules[next].Uses) pending.Push(used);
        }
        return seen;
    }

    /// <summary>Any JSON object (OpenAI <c>response_format: {"type": "json_object"}</c>) within the default limits.</summary>
    public static string JsonObjectGrammar { get; } = BuildJsonObject(JsonSchemaGrammarOptions.Default);

    private static string BuildJsonObject(JsonSchemaGrammarOptions options)
    {
        var rules = Rules(options);
        var names = Closure(rules, "object").Order(StringComparer.Ordinal);
        return "root ::= object\n" + string.Concat(names.Select(n => $"{n} ::= {rules[n].Body}\n"));
    }
}
