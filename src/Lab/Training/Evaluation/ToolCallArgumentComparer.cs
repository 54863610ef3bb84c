using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Training.Evaluation;

/// <summary>
/// When a call's arguments equal the expected ones: the same keys; strings equal after trimming, Unicode NFC and
/// case folding (ordinal ignore-case); numbers equal in value (relative 1e-9); for <c>convert_units</c>'
/// <c>from_unit</c>/<c>to_unit</c>, units equal when the real <see cref="UnitConversionTool"/> converts 1 and 10 of
/// one into exactly 1 and 10 of the other (so <c>km</c>, <c>kilometer</c> and <c>kilometers</c> are one unit); for
/// <c>calculate</c>'s <c>expression</c>, expressions equal when the real <see cref="CalculatorTool"/> gives both the
/// same value (relative 1e-9). Anything else (nested values) compares as JSON text.
/// </summary>
public static class ToolCallArgumentComparer
{
    private static readonly UnitConversionTool Units = new();
    private static readonly CalculatorTool Calculator = new();

    /// <summary>Whether <paramref name="actual"/> equals <paramref name="expected"/> for <paramref name="tool"/>.</summary>
    public static bool AreEqual(string tool, JsonObject expected, JsonObject actual)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        if (expected.Count != actual.Count) return false;
        foreach (var (key, want) in expected)
        {
            if (!actual.TryGetPropertyValue(key, out var got)) return false;
            bool equal = (tool, key) switch
            {
                (UnitConversionTool.ToolName, "from_unit" or "to_unit") => SameUnit(Str(want), Str(got)),
                (CalculatorTool.ToolName, "expression") => SameValue(Str(want), Str(got)),
                _ => SameValue(want, got),
            };
            if (!equal) return false;
        }
        return true;
    }

    private static string? Str(JsonNode? node) => node is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : null;

    private static bool SameValue(JsonNode? want, JsonNode? got)
    {
        if (Str(want) is { } a && Str(got) is { } b) return Fold(a) == Fold(b);
        if (want is JsonValue w && got is JsonValue g && w.GetValueKind() == JsonValueKind.Number && g.GetValueKind() == JsonValueKind.Number)
            return Close(Number(w), Number(g));
        return JsonNode.DeepEquals(want, got);
    }

    // The value as written (a JsonValue may hold a CLR decimal or int rather than a JsonElement).
    private static double Number(JsonValue v) => double.Parse(v.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string Fold(string s) => s.Trim().Normalize(NormalizationForm.FormC).ToUpperInvariant();

    private static bool Close(double a, double b) => a == b || Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    private static bool SameUnit(string? a, string? b)
    {
        if (a is null || b is null) return false;
        if (a.Trim() == b.Trim()) return true;
        return Convert(1, a, b) is { } one && Close(one, 1) && Convert(10, a, b) is { } ten && Close(ten, 10);
    }

    private static double? Convert(double value, string from, string to)
    {
        try
        {
            string text = new Corpus.AIFunctionRunner(Units).Run(new JsonObject { ["value"] = value, ["from_unit"] = from, ["to_unit"] = to });
            string converted = text[(text.IndexOf(" = ", StringComparison.Ordinal) + 3)..];
            return double.Parse(converted[..converted.IndexOf(' ')], NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (ToolException)
        {
            return null;
        }
    }

    private static bool SameValue(string? a, string? b)
    {
        if (a is null || b is null) return false;
        return Evaluate(a) is { } x && Evaluate(b) is { } y && Close(x, y);
    }

    /// <summary>The calculator's value of <paramref name="expression"/>, or null when it refuses it.</summary>
    internal static double? Evaluate(string expression)
    {
        try
        {
            string text = new Corpus.AIFunctionRunner(Calculator).Run(new JsonObject { ["expression"] = expression });
            return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        }
        catch (ToolException)
        {
            return null;
        }
    }
}
