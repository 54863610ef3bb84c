using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using UnitsNet;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// <c>convert_units {value: number, from_unit: string, to_unit: string}</c> with UnitsNet 5.75: a unit is an
/// abbreviation UnitsNet knows (<c>km</c>, <c>mi</c>, <c>°C</c>, <c>kg</c>, <c>lb</c>, <c>km/h</c>, ...; case
/// matters: <c>mm</c> is not <c>Mm</c>), a unit name singular or plural (<c>kilometer</c>, <c>miles</c>,
/// case-insensitive), or one of <see cref="Aliases"/>. Both units must belong to one quantity (length, mass,
/// temperature, ...); when an abbreviation fits several (<c>m</c>: metre or minute), the quantity both units share
/// decides. Incompatible or unknown units are an error result.
/// </summary>
public sealed class UnitConversionTool() : BuiltinTool(ToolName, "Convert a value between units, e.g. 10 km to mi or 100 °C to °F.", Schema)
{
    /// <summary>The function name.</summary>
    public const string ToolName = "convert_units";

    /// <summary>The parameters' JSON schema.</summary>
    public const string Schema = """
        {"type":"object","properties":{"value":{"type":"number","description":"The value to convert"},"from_unit":{"type":"string","description":"The unit of the value, e.g. km"},"to_unit":{"type":"string","description":"The unit to convert to, e.g. mi"}},"required":["value","from_unit","to_unit"],"additionalProperties":false}
        """;

    /// <summary>Spellings models write that UnitsNet does not parse, and what they mean.</summary>
    public static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["C"] = "°C", ["degC"] = "°C", ["celsius"] = "°C", ["F"] = "°F", ["degF"] = "°F", ["fahrenheit"] = "°F",
        ["kelvin"] = "K", ["gal"] = "gal (U.S.)", ["gallon"] = "gal (U.S.)", ["gallons"] = "gal (U.S.)",
        ["L"] = "l", ["kph"] = "km/h", ["lbs"] = "lb", ["sec"] = "s", ["hr"] = "h",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <inheritdoc/>
    protected override ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        double value = arguments.GetProperty("value").GetDouble();
        string from = arguments.GetProperty("from_unit").GetString()!.Trim();
        string to = arguments.GetProperty("to_unit").GetString()!.Trim();
        var fromUnits = Parse(from);
        var toUnits = Parse(to);
        if (fromUnits.Count == 0) throw new ToolException($"Unknown unit '{from}'. Use an abbreviation such as km, mi, kg, lb, °C, °F, l, km/h.");
        if (toUnits.Count == 0) throw new ToolException($"Unknown unit '{to}'. Use an abbreviation such as km, mi, kg, lb, °C, °F, l, km/h.");

        var pairs = fromUnits.Join(toUnits, f => f.Quantity, t => t.Quantity, (f, t) => (Quantity: f.Quantity, From: f.Unit, To: t.Unit)).ToList();
        if (pairs.Count == 0)
        {
            throw new ToolException($"Cannot convert '{from}' ({Kinds(fromUnits)}) to '{to}' ({Kinds(toUnits)}): they measure different things.");
        }
        if (pairs.Select(p => p.Quantity).Distinct().Count() > 1)
            throw new ToolException($"'{from}' to '{to}' is ambiguous ({string.Join(" or ", pairs.Select(p => p.Quantity))}); write the unit names.");

        var (quantity, fromUnit, toUnit) = pairs[0];
        double result = (double)Quantity.From(value, fromUnit).ToUnit(toUnit).Value;
        string text = string.Create(CultureInfo.InvariantCulture, $"{value:G10} {from} = {result:G10} {to}");
        return ValueTask.FromResult(text);
    }

    private static string Kinds(IEnumerable<(string Quantity, Enum Unit)> units) =>
        string.Join(" or ", units.Select(u => u.Quantity).Distinct().Select(q => q.ToLowerInvariant()));

    // Every (quantity, unit) the text can name: by abbreviation (UnitsNet's parser), else by unit name.
    private static List<(string Quantity, Enum Unit)> Parse(string text)
    {
        string unit = Aliases.TryGetValue(text, out var alias) ? alias : text;
        var parser = UnitsNetSetup.Default.UnitParser;
        var found = new List<(string, Enum)>();
        foreach (var info in Quantity.Infos)
        {
            if (parser.TryParse(unit, info.UnitType, CultureInfo.InvariantCulture, out Enum? parsed)) found.Add((info.Name, parsed!));
        }
        if (found.Count > 0) return found;
        foreach (var info in Quantity.Infos)
        {
            foreach (var u in info.UnitInfos)
            {
                if (string.Equals(u.Name, unit, StringComparison.OrdinalIgnoreCase) || string.Equals(u.PluralName, unit, StringComparison.OrdinalIgnoreCase))
                    found.Add((info.Name, u.Value));
            }
        }
        return found;
    }
}
