namespace Workbench.Engine.Templates.Jinja;

/// <summary>Python's operators over template values: arithmetic (<c>/</c> is true division, <c>//</c> and
/// <c>%</c> floor toward negative infinity), <c>+</c> on strings and lists, <c>~</c> (string concatenation of
/// <c>str</c>s), comparisons, <c>in</c>, and slicing.</summary>
internal static class JinjaOperators
{
    public static object? Unary(string op, object? v)
    {
        if (v is JinjaUndefined u) throw new JinjaRuntimeError(u.Message);
        return (op, v) switch
        {
            ("-", long l) => -l,
            ("-", double d) => -d,
            ("-", bool b) => b ? -1L : 0L,
            ("+", long or double) => v,
            ("+", bool b) => b ? 1L : 0L,
            _ => throw new JinjaRuntimeError($"bad operand type for unary {op}: '{JinjaValues.TypeName(v)}'"),
        };
    }

    public static object? Binary(string op, object? a, object? b)
    {
        switch (op)
        {
            case "~": return JinjaValues.Str(a) + JinjaValues.Str(b);
            case "==": return JinjaValues.PyEquals(a, b);
            case "!=": return !JinjaValues.PyEquals(a, b);
            case "in": return Contains(b, a);
            case "notin": return !Contains(b, a);
            case "<" or "<=" or ">" or ">=":
                int c = JinjaValues.Compare(a, b)
                    ?? throw new JinjaRuntimeError($"'{op}' not supported between instances of '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");
                return op switch { "<" => c < 0, "<=" => c <= 0, ">" => c > 0, _ => c >= 0 };
        }
        if (a is JinjaUndefined ua) throw new JinjaRuntimeError(ua.Message);
        if (b is JinjaUndefined ub) throw new JinjaRuntimeError(ub.Message);
        if (op == "+" && a is string sa && b is string sb) return sa + sb;
        if (op == "+" && a is List<object?> la && b is List<object?> lb) return la.Concat(lb).ToList();
        if (op == "+" && a is string or List<object?>)
            throw new JinjaRuntimeError($"can only concatenate {JinjaValues.TypeName(a)} (not \"{JinjaValues.TypeName(b)}\") to {JinjaValues.TypeName(a)}");
        if (op == "*" && a is string rs && b is long or bool) return Repeat(rs, JinjaValues.ToLong(b));
        if (op == "*" && b is string rs2 && a is long or bool) return Repeat(rs2, JinjaValues.ToLong(a));
        if (!JinjaValues.IsNumber(a) || !JinjaValues.IsNumber(b))
            throw new JinjaRuntimeError($"unsupported operand type(s) for {op}: '{JinjaValues.TypeName(a)}' and '{JinjaValues.TypeName(b)}'");
        bool floats = a is double || b is double;
        if (op == "/" || (floats && op != "**"))
        {
            double x = JinjaValues.ToDouble(a), y = JinjaValues.ToDouble(b);
            if (y == 0 && op is "/" or "//" or "%") throw new JinjaRuntimeError("division by zero");
            return op switch
            {
                "+" => x + y, "-" => x - y, "*" => x * y, "/" => x / y,
                "//" => Math.Floor(x / y),
                "%" => x - y * Math.Floor(x / y),
                _ => throw new JinjaRuntimeError($"unknown operator {op}"),
            };
        }
        if (op == "**")
        {
            if (floats || JinjaValues.ToLong(b) < 0) return Math.Pow(JinjaValues.ToDouble(a), JinjaValues.ToDouble(b));
            return checked((long)Math.Pow(JinjaValues.ToLong(a), JinjaValues.ToLong(b)));
        }
        long p = JinjaValues.ToLong(a), q = JinjaValues.ToLong(b);
        if (q == 0 && op is "//" or "%") throw new JinjaRuntimeError("integer division or modulo by zero");
        return op switch
        {
            "+" => p + q, "-" => p - q, "*" => p * q,
            "//" => FloorDiv(p, q),
            "%" => p - q * FloorDiv(p, q),
            _ => throw new JinjaRuntimeError($"unknown operator {op}"),
        };
    }

    private static long FloorDiv(long p, long q)
    {
        long d = p / q;
        return (p % q != 0 && (p < 0) != (q < 0)) ? d - 1 : d;
    }

    private static string Repeat(string s, long n)
    {
        if (n <= 0) return "";
        if (s.Length * (double)n > JinjaEvaluator.MaxOutputChars)
            throw new JinjaRuntimeError($"'*' would build a string of {s.Length * (double)n:N0} characters; at most {JinjaEvaluator.MaxOutputChars:N0} are allowed");
        return string.Concat(Enumerable.Repeat(s, (int)n));
    }

    /// <summary>Python's <c>item in container</c>.</summary>
    public static bool Contains(object? container, object? item) => container switch
    {
        string s when item is string sub => s.Contains(sub, StringComparison.Ordinal),
        string => throw new JinjaRuntimeError($"'in <string>' requires string as left operand, not {JinjaValues.TypeName(item)}"),
        List<object?> l => l.Any(x => JinjaValues.PyEquals(x, item)),
        JinjaDict d => item is not null && d.ContainsKey(item),
        JinjaUndefined => false,
        _ => throw new JinjaRuntimeError($"argument of type '{JinjaValues.TypeName(container)}' is not iterable"),
    };

    /// <summary>Python's <c>seq[start:stop:step]</c> on lists and strings.</summary>
    public static object? Slice(object? target, long? start, long? stop, long? step)
    {
        List<object?> items = target switch
        {
            List<object?> l => l,
            string s => JinjaValues.StringElements(s),
            JinjaUndefined u => throw new JinjaRuntimeError(u.Message),
            _ => throw new JinjaRuntimeError($"'{JinjaValues.TypeName(target)}' object is not subscriptable"),
        };
        long n = items.Count, st = step ?? 1;
        if (st == 0) throw new JinjaRuntimeError("slice step cannot be zero");
        long Clamp(long? v, long dflt, long lo, long hi)
        {
            if (v is null) return dflt;
            long x = v.Value < 0 ? v.Value + n : v.Value;
            return Math.Clamp(x, lo, hi);
        }
        var result = new List<object?>();
        if (st > 0)
            for (long i = Clamp(start, 0, 0, n), end = Clamp(stop, n, 0, n); i < end; i += st) result.Add(items[(int)i]);
        else
            for (long i = Clamp(start, n - 1, -1, n - 1), end = Clamp(stop, -1, -1, n - 1); i > end; i += st) result.Add(items[(int)i]);
        return target is string ? string.Concat(result.Cast<string>()) : result;
    }
}
