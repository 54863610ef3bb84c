using System.Globalization;
using System.Text;

namespace Workbench.Engine.Templates.Jinja;

/// <summary>The value model and Python's rules over it. A template value is one of: <c>string</c>, <c>long</c>
/// (Python int), <c>double</c> (float), <c>bool</c>, <c>null</c> (None), <see cref="JinjaUndefined"/>,
/// <c>List&lt;object?&gt;</c> (list and tuple), <see cref="JinjaDict"/>, <see cref="JinjaNamespace"/>,
/// <see cref="JinjaCallable"/> (functions, methods, macros).</summary>
internal static class JinjaValues
{
    /// <summary>Python's <c>bool(x)</c>.</summary>
    public static bool IsTruthy(object? v) => v switch
    {
        null or JinjaUndefined => false,
        bool b => b,
        string s => s.Length > 0,
        long l => l != 0,
        double d => d != 0,
        List<object?> l => l.Count > 0,
        JinjaDict d => d.Count > 0,
        _ => true,
    };

    /// <summary>Python's <c>str(x)</c>, as <c>{{ x }}</c> prints it (undefined prints as nothing).</summary>
    public static string Str(object? v) => v switch
    {
        string s => s,
        JinjaUndefined => "",
        _ => Repr(v),
    };

    /// <summary>Python's <c>repr(x)</c>: how values print inside lists and dicts.</summary>
    public static string Repr(object? v) => v switch
    {
        null => "None",
        JinjaUndefined => "",
        bool b => b ? "True" : "False",
        long l => l.ToString(CultureInfo.InvariantCulture),
        double d => FormatFloat(d),
        string s => ReprString(s),
        JinjaTuple t => "(" + string.Join(", ", t.Select(Repr)) + (t.Count == 1 ? ",)" : ")"),
        List<object?> l => "[" + string.Join(", ", l.Select(Repr)) + "]",
        JinjaDict d => "{" + string.Join(", ", d.Select(kv => Repr(kv.Key) + ": " + Repr(kv.Value))) + "}",
        JinjaNamespace => "<Namespace>",
        JinjaCallable c => $"<function {c.Name}>",
        _ => v.ToString() ?? "",
    };

    /// <summary>Python's <c>repr(float)</c>: the shortest text that round-trips, <c>1.0</c>, <c>1e+16</c>, <c>1e-05</c>.</summary>
    public static string FormatFloat(double d)
    {
        if (double.IsNaN(d)) return "nan";
        if (double.IsInfinity(d)) return d > 0 ? "inf" : "-inf";
        if (d == 0) return double.IsNegative(d) ? "-0.0" : "0.0";
        string r = d.ToString("R", CultureInfo.InvariantCulture); // e.g. 1E+16, 1E-05, 0.0001, 123.5
        string mantissa = r; int exponent = 0;
        int e = r.IndexOf('E');
        if (e >= 0) { mantissa = r[..e]; exponent = int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture); }
        // Normalise to digits and a decimal exponent, then lay out as Python's float_repr_style 'short' does.
        bool negative = mantissa.StartsWith('-');
        if (negative) mantissa = mantissa[1..];
        int dot = mantissa.IndexOf('.');
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        int pointPos = (dot < 0 ? mantissa.Length : dot) + exponent; // position of the point within digits
        int lead = 0;
        while (lead < digits.Length - 1 && digits[lead] == '0') { lead++; pointPos--; }
        digits = digits[lead..].TrimEnd('0');
        if (digits.Length == 0) digits = "0";
        int decExp = pointPos - 1; // scientific exponent
        string body;
        if (decExp < -4 || decExp >= 16)
        {
            string m = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
            body = m + "e" + (decExp < 0 ? "-" : "+") + Math.Abs(decExp).ToString("00", CultureInfo.InvariantCulture);
        }
        else if (pointPos <= 0) body = "0." + new string('0', -pointPos) + digits;
        else if (pointPos >= digits.Length) body = digits + new string('0', pointPos - digits.Length) + ".0";
        else body = digits[..pointPos] + "." + digits[pointPos..];
        return negative ? "-" + body : body;
    }

    private static string ReprString(string s)
    {
        char quote = s.Contains('\'') && !s.Contains('"') ? '"' : '\'';
        var sb = new StringBuilder().Append(quote);
        foreach (char c in s)
        {
            switch (c)
            {
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c == quote) sb.Append('\\').Append(c);
                    else if (c < 0x20 || c == 0x7f) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append(quote).ToString();
    }

    /// <summary>Python's type name, for error messages.</summary>
    public static string TypeName(object? v) => v switch
    {
        null => "NoneType",
        JinjaUndefined => "Undefined",
        bool => "bool",
        long => "int",
        double => "float",
        string => "str",
        JinjaTuple => "tuple",
        List<object?> => "list",
        JinjaDict => "dict",
        JinjaNamespace => "Namespace",
        JinjaCallable => "function",
        _ => v.GetType().Name,
    };

    public static bool IsNumber(object? v) => v is long or double or bool;

    public static double ToDouble(object? v) => v switch
    {
        long l => l,
        double d => d,
        bool b => b ? 1 : 0,
        _ => throw new InvalidCastException(),
    };

    /// <summary>Python's <c>==</c>: numbers by value across int/float/bool, lists and dicts deeply.</summary>
    public static bool PyEquals(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
            return a is double || b is double ? ToDouble(a) == ToDouble(b) : ToLong(a) == ToLong(b);
        return (a, b) switch
        {
            (null, null) => true,
            (JinjaUndefined, JinjaUndefined) => true,
            (string x, string y) => string.Equals(x, y, StringComparison.Ordinal),
            (List<object?> x, List<object?> y) => x.Count == y.Count && x.Zip(y).All(p => PyEquals(p.First, p.Second)),
            (JinjaDict x, JinjaDict y) => x.Count == y.Count
                && x.All(kv => y.TryGetValue(kv.Key, out var o) && PyEquals(kv.Value, o)),
            _ => ReferenceEquals(a, b),
        };
    }

    public static long ToLong(object? v) => v switch
    {
        long l => l,
        bool b => b ? 1 : 0,
        double d => (long)d,
        _ => throw new InvalidCastException(),
    };

    /// <summary>Python's ordering (<c>&lt;</c> and friends): numbers, strings by code point, lists
    /// lexicographically; anything else is <c>null</c> (a TypeError for the caller).</summary>
    public static int? Compare(object? a, object? b)
    {
        if (IsNumber(a) && IsNumber(b))
            return a is double || b is double ? ToDouble(a).CompareTo(ToDouble(b)) : ToLong(a).CompareTo(ToLong(b));
        if (a is string x && b is string y) return Math.Sign(string.CompareOrdinal(x, y));
        if (a is List<object?> la && b is List<object?> lb)
        {
            for (int i = 0; i < Math.Min(la.Count, lb.Count); i++)
            {
                if (PyEquals(la[i], lb[i])) continue;
                return Compare(la[i], lb[i]);
            }
            return la.Count.CompareTo(lb.Count);
        }
        return null;
    }

    /// <summary>The items <c>for x in v</c> visits (dict: its keys; string: its characters; undefined: none), or
    /// <c>null</c> when Python could not iterate it.</summary>
    public static IEnumerable<object?>? Iterate(object? v) => v switch
    {
        List<object?> l => l,
        JinjaDict d => d.Keys.Cast<object?>(),
        string s => StringElements(s),
        JinjaUndefined => [],
        _ => null,
    };

    /// <summary>The characters of a string as Python sees them (a surrogate pair is one character).</summary>
    public static List<object?> StringElements(string s)
    {
        var list = new List<object?>(s.Length);
        for (int i = 0; i < s.Length; i++)
        {
            if (char.IsHighSurrogate(s[i]) && i + 1 < s.Length && char.IsLowSurrogate(s[i + 1])) { list.Add(s.Substring(i, 2)); i++; }
            else list.Add(s[i].ToString());
        }
        return list;
    }
}
