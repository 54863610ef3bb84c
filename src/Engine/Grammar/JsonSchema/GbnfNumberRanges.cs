using System.Globalization;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// Bounded numbers as GBNF: the decimal texts (no leading zeros, no exponent, no <c>-0</c>) whose value lies in a
/// range, built digit by digit like llama.cpp's <c>_generate_min_max_int</c>: for example 0..90 becomes
/// <c>([0-9] | [1-8] [0-9] | "90")</c>. Integers use up to 16 digits; a bound beyond ±10^16 counts as none.
/// Numbers (<c>type: number</c>) are supported with whole-number bounds (inclusive or exclusive): the integer part
/// comes from the range and the fraction is free (up to 15 digits), except at an inclusive upper bound, where it may
/// only be zeros, and at an exclusive lower bound, where it must not be. A fractional bound such as 0.5 cannot be
/// expressed this way and is rejected.
/// </summary>
internal static class GbnfNumberRanges
{
    /// <summary>The largest magnitude treated as a bound (16 digits).</summary>
    public const long Limit = 9_999_999_999_999_999;

    private const string AnyFraction = "(\".\" [0-9]{1,15})?";
    private const string ZeroFraction = "(\".\" \"0\"{1,15})?";
    private const string NonZeroFraction = "\".\" \"0\"{0,14} [1-9] [0-9]{0,14}";

    /// <summary>Integers in [<paramref name="low"/>, <paramref name="high"/>] (null = unbounded), or null when none.</summary>
    public static string? Integer(long? low, long? high)
    {
        if (low > high) return null;
        var alternatives = new List<string>();
        if (high is null || high >= 0)
        {
            if (NonNegative(Math.Max(low ?? 0, 0), high) is { } positive) alternatives.Add(positive);
        }
        if (low is null || low < 0)
        {
            long smallest = high is < 0 ? -high.Value : 1;
            if (NonNegative(smallest, -low) is { } magnitude) alternatives.Add("\"-\" " + magnitude);
        }
        return Group(alternatives);
    }

    /// <summary>Decimal numbers between whole-number bounds (null = unbounded; exclusive flags per bound), or null
    /// when no number lies between them.</summary>
    public static string? Decimal(long? low, bool lowExclusive, long? high, bool highExclusive)
    {
        var alternatives = new List<string>();
        // x ≥ 0
        if (high is null || high > 0 || (high == 0 && !highExclusive))
        {
            bool fromZero = low is null || low < 0;
            if (NonNegativeDecimal(fromZero ? 0 : low!.Value, !fromZero && lowExclusive, high, highExclusive) is { } positive)
                alternatives.Add(positive);
        }
        // x < 0 written as "-" y with y > 0
        if (low is null || low < 0)
        {
            bool belowZero = high is < 0;
            if (NonNegativeDecimal(belowZero ? -high!.Value : 0, !belowZero || highExclusive, -low, lowExclusive) is { } magnitude)
                alternatives.Add("\"-\" " + magnitude);
        }
        return Group(alternatives);
    }

    // Non-negative decimals y with low ≤ y ≤ high (or < / > per flag); high null = unbounded.
    private static string? NonNegativeDecimal(long low, bool lowExclusive, long? high, bool highExclusive)
    {
        var alternatives = new List<string>();
        long start = low;
        if (lowExclusive)
        {
            if (high is null || high > low) alternatives.Add($"{GbnfText.Literal(GbnfText.Number(low))} {NonZeroFraction}");
            start = low + 1;
        }
        long? lastFree = high - 1; // integer parts that take any fraction
        if ((lastFree is null || start <= lastFree) && NonNegative(start, lastFree) is { } free)
            alternatives.Add($"{free} {AnyFraction}");
        if (high is long top && !highExclusive && top >= start)
            alternatives.Add($"{GbnfText.Literal(GbnfText.Number(top))} {ZeroFraction}");
        return Group(alternatives);
    }

    /// <summary>Non-negative integers in [low, high] without leading zeros (high null = up to 16 digits).</summary>
    private static string? NonNegative(long low, long? high)
    {
        if (low > high) return null;
        var alternatives = new List<string>();
        int lowDigits = Digits(low), highDigits = high is long h ? Digits(h) : 16;
        for (int n = lowDigits; n <= highDigits; n++)
        {
            if (high is null && n > lowDigits)
            {
                alternatives.Add($"[1-9] [0-9]{{{n - 1},15}}");
                break;
            }
            long first = n == 1 ? 0 : Pow10(n - 1), last = Pow10(n) - 1;
            long from = Math.Max(low, first), to = Math.Min(high ?? last, last);
            if (from <= to) alternatives.Add(SameLength(GbnfText.Number(from), GbnfText.Number(to)));
        }
        return Group(alternatives);
    }

    // Digit strings of equal length between low and high (inclusive), compared digit by digit.
    private static string SameLength(string low, string high)
    {
        if (low.Length == 0) return "";
        if (low == high) return GbnfText.Literal(low);
        if (low[0] == high[0]) return Join(GbnfText.Literal(low[..1]), SameLength(low[1..], high[1..]));
        int rest = low.Length - 1, start = low[0] - '0', end = high[0] - '0';
        var alternatives = new List<string>();
        string? last = null;
        if (low[1..].Any(c => c != '0'))
        {
            alternatives.Add(Join(GbnfText.Literal(low[..1]), SameLength(low[1..], new string('9', rest))));
            start++;
        }
        if (high[1..].Any(c => c != '9'))
        {
            last = Join(GbnfText.Literal(high[..1]), SameLength(new string('0', rest), high[1..]));
            end--;
        }
        if (start <= end) alternatives.Add(Join(GbnfText.DigitClass(start, end), rest == 0 ? "" : GbnfText.Repeat("[0-9]", rest, rest)));
        if (last is not null) alternatives.Add(last);
        return Group(alternatives)!;
    }

    private static string Join(string a, string b) => b.Length == 0 ? a : $"{a} {b}";

    private static string? Group(List<string> alternatives) => alternatives.Count switch
    {
        0 => null,
        1 => alternatives[0].Contains(' ', StringComparison.Ordinal) ? $"({alternatives[0]})" : alternatives[0],
        _ => $"({string.Join(" | ", alternatives)})",
    };

    private static int Digits(long value) => value.ToString(CultureInfo.InvariantCulture).Length;

    private static long Pow10(int n)
    {
        long result = 1;
        for (int i = 0; i < n; i++) result *= 10;
        return result;
    }
}
