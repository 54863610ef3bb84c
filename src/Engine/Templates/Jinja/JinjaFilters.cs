using System.Globalization;
using System.Text;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>jinja2's filters (<c>value | name(args)</c>) as transformers' environment has them, <c>tojson</c>
/// replaced by <c>json.dumps(ensure_ascii=False, indent=…)</c>. Names: trim tojson items length count join select
/// reject selectattr rejectattr map list string upper lower replace default d dictsort safe first last capitalize
/// title int float abs reverse sort unique min max sum indent attr escape e.</summary>
internal static class JinjaFilters
{
    /// <exception cref="JinjaRuntimeError">An unknown filter, or a value the filter cannot take.</exception>
    public static object? Apply(JinjaEvaluator evaluator, string name, object? v, JinjaCall c)
    {
        switch (name)
        {
            case "trim": return Strip(JinjaValues.Str(v), c.Arg(0, "chars") as string);
            case "tojson":
                var indent = c.Arg(0, "indent") switch
                {
                    null => null,
                    long n => new string(' ', (int)Math.Max(0, n)),
                    string s => s,
                    var o => throw new JinjaRuntimeError($"tojson indent must be an int or a string, not {JinjaValues.TypeName(o)}"),
                };
                try { return JinjaJson.Dumps(v, indent, JinjaValues.IsTruthy(c.Arg(3, "sort_keys"))); }
                catch (InvalidOperationException e) { throw new JinjaRuntimeError(e.Message); }
            case "items":
                return v switch
                {
                    JinjaUndefined => new List<object?>(),
                    JinjaDict d => d.Select(kv => (object?)new JinjaTuple([kv.Key, kv.Value])).ToList(),
                    _ => throw new JinjaRuntimeError("Can only get item pairs from a mapping."),
                };
            case "length" or "count": return (long)Length(v);
            case "join":
                var attr = c.Arg(1, "attribute");
                var parts = Items(v, name).Select(x => attr is null ? x : GetPath(x, attr));
                return string.Join(c.Arg(0, "d") as string ?? "", parts.Select(JinjaValues.Str));
            case "select" or "reject":
                return Select(Items(v, name), x => x, c.Positional, name == "select");
            case "selectattr" or "rejectattr":
                var path = c.Arg(0, "attribute") ?? throw new JinjaRuntimeError($"{name} needs an attribute name");
                return Select(Items(v, name), x => GetPath(x, path), c.Positional.Skip(1).ToList(), name == "selectattr");
            case "map": return Map(evaluator, Items(v, name), c);
            case "list": return Items(v, name).ToList();
            case "string" or "safe": return JinjaValues.Str(v);
            case "upper": return JinjaValues.Str(v).ToUpperInvariant();
            case "lower": return JinjaValues.Str(v).ToLowerInvariant();
            case "capitalize": var cs = JinjaValues.Str(v); return cs.Length == 0 ? cs : char.ToUpperInvariant(cs[0]) + cs[1..].ToLowerInvariant();
            case "title": return Title(JinjaValues.Str(v));
            case "replace":
                long count = c.Arg(2, "count") is long k ? k : -1;
                return ReplaceCount(JinjaValues.Str(v), JinjaValues.Str(c.Arg(0, "old")), JinjaValues.Str(c.Arg(1, "new")), count);
            case "default" or "d":
                bool boolean = JinjaValues.IsTruthy(c.Arg(1, "boolean"));
                return v is JinjaUndefined || (boolean && !JinjaValues.IsTruthy(v)) ? c.Arg(0, "default_value", "") : v;
            case "dictsort": return DictSort(v, c);
            case "first": return Items(v, name).FirstOrDefault(new JinjaUndefined("the sequence is empty: no first item"));
            case "last": var all = Items(v, name).ToList(); return all.Count > 0 ? all[^1] : new JinjaUndefined("the sequence is empty: no last item");
            case "reverse": return v is string rs ? string.Concat(JinjaValues.StringElements(rs).AsEnumerable().Reverse()) : Items(v, name).Reverse().ToList();
            case "sort": return Sorted(Items(v, name).ToList(), c.Arg(2, "attribute"), JinjaValues.IsTruthy(c.Arg(0, "reverse")));
            case "unique": return Items(v, name).Aggregate(new List<object?>(), (acc, x) => { if (!acc.Any(y => JinjaValues.PyEquals(x, y))) acc.Add(x); return acc; });
            case "min" or "max":
                var sorted = Sorted(Items(v, name).ToList(), c.Arg(1, "attribute"), false);
                return sorted.Count == 0 ? new JinjaUndefined("no items") : name == "min" ? sorted[0] : sorted[^1];
            case "sum": return Items(v, name).Aggregate(c.Arg(1, "start", 0L), (acc, x) => JinjaOperators.Binary("+", acc, c.Arg(0, "attribute") is { } a ? GetPath(x, a) : x));
            case "abs": return v switch { long l => Math.Abs(l), double dd => Math.Abs(dd), bool b => b ? 1L : 0L, _ => throw new JinjaRuntimeError("bad operand type for abs()") };
            case "int": return ToInt(v, c.Arg(0, "default", 0L));
            case "float": return ToFloat(v, c.Arg(0, "default", 0.0));
            case "indent": return Indent(JinjaValues.Str(v), c);
            case "attr": return JinjaEvaluator.GetAttribute(v, JinjaValues.Str(c.Arg(0, "name")));
            case "escape" or "e":
                return JinjaValues.Str(v).Replace("&", "&amp;").Replace("<", "&lt;").Replace(">", "&gt;").Replace("\"", "&#34;").Replace("'", "&#39;");
            default: throw new JinjaRuntimeError($"unknown filter '{name}'");
        }
    }

    private static IEnumerable<object?> Items(object? v, string filter) =>
        JinjaValues.Iterate(v) ?? throw new JinjaRuntimeError($"filter '{filter}': '{JinjaValues.TypeName(v)}' object is not iterable");

    private static int Length(object? v) => v switch
    {
        string s => JinjaValues.StringElements(s).Count,
        List<object?> l => l.Count,
        JinjaDict d => d.Count,
        JinjaUndefined => 0,
        _ => throw new JinjaRuntimeError($"object of type '{JinjaValues.TypeName(v)}' has no len()"),
    };

    /// <summary>jinja2's attribute path (<c>"a.b"</c>, integer parts index lists), through getitem.</summary>
    private static object? GetPath(object? item, object? path)
    {
        if (path is long) return JinjaEvaluator.GetItem(item, path);
        foreach (var part in JinjaValues.Str(path).Split('.'))
            item = JinjaEvaluator.GetItem(item, long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : part);
        return item;
    }

    private static List<object?> Select(IEnumerable<object?> items, Func<object?, object?> pick, List<object?> testArgs, bool keep)
    {
        Func<object?, bool> test = testArgs.Count == 0
            ? JinjaValues.IsTruthy
            : x => JinjaTests.Apply(JinjaValues.Str(testArgs[0]), x, testArgs.Skip(1).ToList());
        return items.Where(x => test(pick(x)) == keep).ToList();
    }

    private static List<object?> Map(JinjaEvaluator evaluator, IEnumerable<object?> items, JinjaCall c)
    {
        if (c.Positional.Count == 0)
        {
            var attribute = c.Keywords.GetValueOrDefault("attribute") ?? throw new JinjaRuntimeError("map needs a filter name or attribute=");
            bool hasDefault = c.Keywords.TryGetValue("default", out var dflt);
            return items.Select(x => GetPath(x, attribute) is JinjaUndefined u && hasDefault ? dflt : GetPath(x, attribute)).ToList();
        }
        string filter = JinjaValues.Str(c.Positional[0]);
        var rest = new JinjaCall(c.Positional.Skip(1).ToList(), c.Keywords, c.Line, c.Column);
        return items.Select(x => Apply(evaluator, filter, x, rest)).ToList();
    }

    private static object? DictSort(object? v, JinjaCall c)
    {
        if (v is not JinjaDict d) throw new JinjaRuntimeError("dictsort: can only sort a mapping");
        bool caseSensitive = JinjaValues.IsTruthy(c.Arg(0, "case_sensitive", false));
        int by = JinjaValues.Str(c.Arg(1, "by", "key")) == "value" ? 1 : 0;
        bool reverse = JinjaValues.IsTruthy(c.Arg(2, "reverse", false));
        var pairs = d.Select(kv => new JinjaTuple([kv.Key, kv.Value])).ToList();
        object? Key(JinjaTuple p) => !caseSensitive && p[by] is string s ? s.ToLowerInvariant() : p[by];
        pairs = pairs.OrderBy(Key, Comparer<object?>.Create(CompareOrThrow)).ToList(); // stable, as Python's sorted
        if (reverse) pairs.Reverse();
        return pairs.Cast<object?>().ToList();
    }

    private static int CompareOrThrow(object? a, object? b) => JinjaValues.Compare(a, b)
        ?? throw new JinjaRuntimeError($"'<' not supported between instances of '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");

    private static List<object?> Sorted(List<object?> items, object? attribute, bool reverse)
    {
        var sorted = items.OrderBy(x => attribute is null ? x : GetPath(x, attribute), Comparer<object?>.Create(CompareOrThrow)).ToList();
        if (reverse) sorted.Reverse();
        return sorted;
    }

    private static object? ToInt(object? v, object? fallback) => v switch
    {
        long or bool => JinjaValues.ToLong(v),
        double d => (long)Math.Truncate(d),
        string s when long.TryParse(s.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => (long)Math.Truncate(f),
        _ => fallback,
    };

    private static object? ToFloat(object? v, object? fallback) => v switch
    {
        long or bool or double => JinjaValues.ToDouble(v),
        string s when double.TryParse(s.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var f) => f,
        _ => fallback,
    };

    private static string Indent(string s, JinjaCall c)
    {
        string pad = c.Arg(0, "width", 4L) is long w ? new string(' ', (int)w) : JinjaValues.Str(c.Arg(0, "width"));
        bool first = JinjaValues.IsTruthy(c.Arg(1, "first")), blank = JinjaValues.IsTruthy(c.Arg(2, "blank"));
        var lines = s.Split('\n');
        var sb = new StringBuilder();
        for (int i = 0; i < lines.Length; i++)
        {
            if (i > 0) sb.Append('\n');
            bool indentIt = (i > 0 || first) && (blank || lines[i].Trim().Length > 0);
            sb.Append(indentIt ? pad : "").Append(lines[i]);
        }
        return sb.ToString();
    }

    private static string Strip(string s, string? chars)
    {
        int a = 0, b = s.Length;
        Func<char, bool> strip = chars is null ? char.IsWhiteSpace : chars.Contains;
        while (a < b && strip(s[a])) a++;
        while (b > a && strip(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary>Python's <c>str.title()</c>: upper-case the first letter of each run of letters.</summary>
    public static string Title(string s)
    {
        var sb = new StringBuilder(s.Length);
        bool prevLetter = false;
        foreach (char ch in s)
        {
            sb.Append(prevLetter ? char.ToLowerInvariant(ch) : char.ToUpperInvariant(ch));
            prevLetter = char.IsLetter(ch);
        }
        return sb.ToString();
    }

    /// <summary>Python's <c>str.replace(old, new, count)</c>; count &lt; 0 replaces all.</summary>
    public static string ReplaceCount(string s, string old, string @new, long count)
    {
        if (count < 0) return old.Length == 0 ? InsertBetween(s, @new) : s.Replace(old, @new, StringComparison.Ordinal);
        var sb = new StringBuilder();
        int start = 0;
        for (long n = 0; n < count && old.Length > 0; n++)
        {
            int k = s.IndexOf(old, start, StringComparison.Ordinal);
            if (k < 0) break;
            sb.Append(s, start, k - start).Append(@new);
            start = k + old.Length;
        }
        return sb.Append(s, start, s.Length - start).ToString();
    }

    private static string InsertBetween(string s, string sep) =>
        sep + string.Concat(JinjaValues.StringElements(s).Select(ch => (string)ch! + sep));
}
