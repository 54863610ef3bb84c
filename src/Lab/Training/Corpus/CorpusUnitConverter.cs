using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using UnitsNet;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Training.Corpus;

/// <summary>
/// <see cref="UnitConversionTool"/>'s result for the corpus, fast: the tool resolves both unit texts against every
/// UnitsNet quantity on each call (milliseconds), which dominated generating 50 000 conversations. Here the real tool
/// is run once per unit pair to resolve it the same way (<see cref="UnitConversionTool.Aliases"/>, then UnitsNet's
/// abbreviation parser, the quantity both share), and each value is converted with the same UnitsNet call and the
/// same <c>{value:G10} {from} = {result:G10} {to}</c> text. A test compares it with the real tool on every pair.
/// </summary>
internal static class CorpusUnitConverter
{
    private static readonly ConcurrentDictionary<string, (Enum From, Enum To)> Pairs = new(StringComparer.Ordinal);

    /// <summary>The tool's result text for <paramref name="arguments"/> (<c>value</c>, <c>from_unit</c>, <c>to_unit</c>).</summary>
    /// <exception cref="Tools.ToolException">The real tool refuses the pair.</exception>
    public static string Convert(JsonObject arguments)
    {
        double value = double.Parse(arguments["value"]!.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);
        string from = ((string)arguments["from_unit"]!).Trim(), to = ((string)arguments["to_unit"]!).Trim();
        var (fromUnit, toUnit) = Pairs.GetOrAdd(from + "\u001f" + to, _ => Resolve(from, to));
        double result = (double)Quantity.From(value, fromUnit).ToUnit(toUnit).Value;
        return string.Create(CultureInfo.InvariantCulture, $"{value:G10} {from} = {result:G10} {to}");
    }

    private static (Enum, Enum) Resolve(string from, string to)
    {
        // The real tool first: it refuses what it cannot convert (unknown, incompatible or ambiguous units).
        ToolCorpusGenerator.Tool(UnitConversionTool.ToolName).Run(new JsonObject { ["value"] = 1, ["from_unit"] = from, ["to_unit"] = to });
        var pairs = Parse(from).Join(Parse(to), f => f.Quantity, t => t.Quantity, (f, t) => (f.Unit, t.Unit)).ToList();
        return pairs.Count == 1 ? pairs[0] : throw new InvalidOperationException($"'{from}' to '{to}' resolves to {pairs.Count} unit pairs.");
    }

    private static List<(string Quantity, Enum Unit)> Parse(string text)
    {
        string unit = UnitConversionTool.Aliases.TryGetValue(text, out var alias) ? alias : text;
        var parser = UnitsNetSetup.Default.UnitParser;
        var found = new List<(string, Enum)>();
        foreach (var info in Quantity.Infos)
            if (parser.TryParse(unit, info.UnitType, CultureInfo.InvariantCulture, out Enum? parsed)) found.Add((info.Name, parsed!));
        if (found.Count > 0) return found;
        foreach (var info in Quantity.Infos)
            foreach (var u in info.UnitInfos)
                if (string.Equals(u.Name, unit, StringComparison.OrdinalIgnoreCase) || string.Equals(u.PluralName, unit, StringComparison.OrdinalIgnoreCase))
                    found.Add((info.Name, u.Value));
        return found;
    }
}
