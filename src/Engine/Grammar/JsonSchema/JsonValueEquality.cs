using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>JSON value comparison as JSON Schema defines it for <c>enum</c>, <c>const</c> and bounds: numbers by
/// mathematical value (<c>1</c> = <c>1.0</c>), strings by code units, arrays item by item, objects by their sets of
/// members regardless of order.</summary>
internal static class JsonValueEquality
{
    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> are the same JSON value.</summary>
    public static bool Equal(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Number:
                return Compare(a, b) == 0;
            case JsonValueKind.String:
                return a.GetString() == b.GetString();
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray()).All(p => Equal(p.First, p.Second));
            case JsonValueKind.Object:
                var left = a.EnumerateObject().ToList();
                var right = b.EnumerateObject().ToList();
                return left.Count == right.Count
                    && left.All(p => b.TryGetProperty(p.Name, out var other) && Equal(p.Value, other));
            default:
                return true; // true, false, null
        }
    }

    /// <summary>Orders two JSON numbers (decimal precision where both fit, else double).</summary>
    public static int Compare(JsonElement a, JsonElement b) =>
        a.TryGetDecimal(out decimal x) && b.TryGetDecimal(out decimal y) ? x.CompareTo(y) : Double(a).CompareTo(Double(b));

    /// <summary>Whether a JSON number has no fractional part (<c>2</c>, <c>2.0</c>, <c>2e3</c>).</summary>
    public static bool IsInteger(JsonElement number)
    {
        if (number.TryGetDecimal(out decimal d)) return d == decimal.Truncate(d);
        double value = Double(number);
        return double.IsFinite(value) && Math.Floor(value) == value;
    }

    private static double Double(JsonElement number) =>
        number.TryGetDouble(out double value) ? value : number.GetRawText().TrimStart().StartsWith('-') ? double.NegativeInfinity : double.PositiveInfinity;
}
