namespace Workbench.Engine.Templates.Jinja;

/// <summary>The Python methods templates call on values: on strings <c>split rsplit strip lstrip rstrip
/// startswith endswith upper lower title capitalize replace find count join</c>, on dicts <c>get items keys
/// values</c>, on lists <c>index count</c>. A sandboxed environment offers no mutating method (<c>append</c>).</summary>
internal static class JinjaMethods
{
    public static bool TryBind(object? target, string name, out JinjaCallable? method)
    {
        Func<JinjaCall, object?>? body = target switch
        {
            string s => StringMethod(s, name),
            JinjaDict d => DictMethod(d, name),
            List<object?> l => ListMethod(l, name),
            _ => null,
        };
        method = body is null ? null : new JinjaCallable(name, body);
        return method is not null;
    }

    private static Func<JinjaCall, object?>? StringMethod(string s, string name) => name switch
    {
        "split" => c => Split(s, c),
        "rsplit" => c => RSplit(s, c),
        "strip" => c => Strip(s, c, true, true),
        "lstrip" => c => Strip(s, c, true, false),
        "rstrip" => c => Strip(s, c, false, true),
        "startswith" => c => Affix(c, p => s.StartsWith(p, StringComparison.Ordinal)),
        "endswith" => c => Affix(c, p => s.EndsWith(p, StringComparison.Ordinal)),
        "upper" => _ => s.ToUpperInvariant(),
        "lower" => _ => s.ToLowerInvariant(),
        "title" => _ => JinjaFilters.Title(s),
        "capitalize" => _ => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..].ToLowerInvariant(),
        "replace" => c => Replace(s, c),
        "find" => c => (long)s.IndexOf(StrArg(c, 0, "sub"), StringComparison.Ordinal),
        "count" => c => (long)CountOf(s, StrArg(c, 0, "sub")),
        "join" => c => string.Join(s, (JinjaValues.Iterate(c.Arg(0, "iterable")) ?? []).Select(JinjaValues.Str)),
        "format" => c => throw c.Error("str.format is not supported"),
        _ => null,
    };

    private static Func<JinjaCall, object?>? DictMethod(JinjaDict d, string name) => name switch
    {
        "get" => c => c.Arg(0, "key") is { } k && d.TryGetValue(k, out var v) ? v : c.Arg(1, "default"),
        "items" => _ => d.Select(kv => (object?)new JinjaTuple([kv.Key, kv.Value])).ToList(),
        "keys" => _ => d.Keys.Cast<object?>().ToList(),
        "values" => _ => d.Values.ToList(),
        _ => null,
    };

    private static Func<JinjaCall, object?>? ListMethod(List<object?> l, string name) => name switch
    {
        "index" => c => (long)l.FindIndex(x => JinjaValues.PyEquals(x, c.Arg(0, "value"))) is var i && i >= 0 ? i
            : throw c.Error($"{JinjaValues.Repr(c.Arg(0, "value"))} is not in list"),
        "count" => c => (long)l.Count(x => JinjaValues.PyEquals(x, c.Arg(0, "value"))),
        "append" or "extend" or "pop" or "insert" or "remove" or "clear" or "sort" or "reverse" =>
            c => throw c.Error($"access to list.{name} is unsafe: the sandbox forbids changing a list"),
        _ => null,
    };

    private static string StrArg(JinjaCall c, int i, string name) =>
        c.Arg(i, name) as string ?? throw c.Error($"{name} must be a string, not {JinjaValues.TypeName(c.Arg(i, name))}");

    private static int CountOf(string s, string sub)
    {
        if (sub.Length == 0) return s.Length + 1;
        int n = 0;
        for (int i = s.IndexOf(sub, StringComparison.Ordinal); i >= 0; i = s.IndexOf(sub, i + sub.Length, StringComparison.Ordinal)) n++;
        return n;
    }

    /// <summary><c>str.split(sep=None, maxsplit=-1)</c>: no separator splits on runs of whitespace.</summary>
    private static List<object?> Split(string s, JinjaCall c)
    {
        var sep = c.Arg(0, "sep") as string;
        long max = c.Arg(1, "maxsplit", -1L) is long m ? m : -1;
        var parts = new List<object?>();
        if (sep is null)
        {
            int i = 0;
            while (true)
            {
                while (i < s.Length && char.IsWhiteSpace(s[i])) i++;
                if (i >= s.Length) break;
                if (max >= 0 && parts.Count == max) { parts.Add(s[i..]); break; }
                int j = i;
                while (j < s.Length && !char.IsWhiteSpace(s[j])) j++;
                parts.Add(s[i..j]);
                i = j;
            }
            return parts;
        }
        if (sep.Length == 0) throw c.Error("empty separator");
        int start = 0;
        while (max < 0 || parts.Count < max)
        {
            int k = s.IndexOf(sep, start, StringComparison.Ordinal);
            if (k < 0) break;
            parts.Add(s[start..k]);
            start = k + sep.Length;
        }
        parts.Add(s[start..]);
        return parts;
    }

    private static List<object?> RSplit(string s, JinjaCall c)
    {
        var sep = c.Arg(0, "sep") as string;
        long max = c.Arg(1, "maxsplit", -1L) is long m ? m : -1;
        if (sep is null || max < 0) return Split(s, c);
        var parts = new List<object?>();
        int end = s.Length;
        while (parts.Count < max)
        {
            int k = end == 0 ? -1 : s.LastIndexOf(sep, end - 1, StringComparison.Ordinal);
            if (k < 0 || k + sep.Length > end) break;
            parts.Insert(0, s[(k + sep.Length)..end]);
            end = k;
        }
        parts.Insert(0, s[..end]);
        return parts;
    }

    /// <summary><c>str.strip(chars=None)</c>: no argument strips whitespace.</summary>
    private static string Strip(string s, JinjaCall c, bool left, bool right)
    {
        var chars = c.Arg(0, "chars") as string;
        Func<char, bool> strip = chars is null ? char.IsWhiteSpace : chars.Contains;
        int a = 0, b = s.Length;
        if (left) while (a < b && strip(s[a])) a++;
        if (right) while (b > a && strip(s[b - 1])) b--;
        return s[a..b];
    }

    /// <summary><c>startswith</c>/<c>endswith</c> with a string or a tuple of strings.</summary>
    private static bool Affix(JinjaCall c, Func<string, bool> test) => c.Arg(0, "prefix") switch
    {
        string p => test(p),
        List<object?> l => l.OfType<string>().Any(test),
        var v => throw c.Error($"startswith/endswith first arg must be str or a tuple of str, not {JinjaValues.TypeName(v)}"),
    };

    private static string Replace(string s, JinjaCall c)
    {
        string old = StrArg(c, 0, "old"), @new = StrArg(c, 1, "new");
        long count = c.Arg(2, "count", -1L) is long n ? n : -1;
        return JinjaFilters.ReplaceCount(s, old, @new, count);
    }
}
