using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Training.Corpus;

// The user's requests: a phrasing template filled with pool values, styled, and the arguments that fit it exactly.
public sealed partial class ToolCorpusGenerator
{
    private static readonly (string Symbol, string[] Words)[] Operators =
    [
        ("+", ["plus", "+"]), ("-", ["minus", "-"]), ("*", ["times", "*", "x", "multiplied by"]), ("/", ["divided by", "/", "over"]),
    ];

    private static ToolRequest NewRequest(Random random, CorpusPools pools, string tool)
    {
        var arguments = new JsonObject();
        string template;
        var slots = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (tool)
        {
            case WeatherTool.ToolName:
            {
                string city = City(random, pools);
                slots["city"] = city;
                arguments["city"] = city;
                if (random.Chance(0.25))
                {
                    var (value, spoken) = random.Pick(CorpusVocabulary.TemperatureUnits);
                    slots["unit"] = random.Pick(spoken);
                    arguments["unit"] = value;
                    template = random.Pick(pools.WeatherWithUnit);
                }
                else template = random.Pick(pools.Weather);
                break;
            }
            case TimeTool.ToolName:
            {
                string city = City(random, pools);
                slots["city"] = city;
                arguments["city"] = city;
                template = random.Pick(pools.Time);
                break;
            }
            case CalculatorTool.ToolName:
            {
                // Numbers the calculator refuses (integer overflow of 90907 * 45669) are drawn again.
                for (int attempt = 0; ; attempt++)
                {
                    (template, string expression) = Calculation(random, pools);
                    if (Evaluation.ToolCallArgumentComparer.Evaluate(expression) is not null || attempt == 50)
                    {
                        arguments["expression"] = expression;
                        break;
                    }
                }
                break;
            }
            case UnitConversionTool.ToolName:
            {
                var (from, to) = random.Pick(pools.UnitPairs);
                string value = Number(random, pools, from.Quantity == "temperature" ? NumberKind.Temperature : NumberKind.Measure);
                slots["value"] = value;
                slots["from"] = random.Pick(from.Spoken);
                slots["to"] = random.Pick(to.Spoken);
                arguments["value"] = JsonValue.Create(decimal.Parse(value, CultureInfo.InvariantCulture));
                arguments["from_unit"] = from.Symbol;
                arguments["to_unit"] = to.Symbol;
                template = random.Pick(pools.Convert);
                break;
            }
            case FileSearchTool.ToolName:
            {
                string query = pools.Split == CorpusSplit.Train && random.Chance(SyntheticShare) ? CorpusSynthetic.Query(random) : random.Pick(pools.SearchQueries);
                slots["query"] = query;
                arguments["query"] = query;
                template = random.Pick(pools.Search);
                break;
            }
            default:
                throw new ArgumentException($"'{tool}' is not a built-in tool.", nameof(tool));
        }

        bool lower = random.Chance(0.1);
        string styled = Style(random, pools, template);
        string filled = Fill(styled, [.. slots.Select(s => (s.Key, s.Value))]);
        if (lower)
        {
            filled = filled.ToLowerInvariant();
            foreach (var key in new[] { "city", "query" })
                if (arguments[key] is JsonValue v) arguments[key] = v.GetValue<string>().ToLowerInvariant();
        }
        return new ToolRequest(tool, filled, arguments);
    }

    /// <summary>The share of training requests whose city or query is made up (<see cref="CorpusSynthetic"/>).</summary>
    public const double SyntheticShare = 0.5;

    private static string City(Random random, CorpusPools pools) =>
        pools.Split == CorpusSplit.Train && random.Chance(SyntheticShare) ? CorpusSynthetic.City(random) : random.Pick(pools.Cities).Name;

    private static (string Text, string Expression) Calculation(Random random, CorpusPools pools)
    {
        string a = Number(random, pools, NumberKind.Any), b = Number(random, pools, NumberKind.Any), c = Number(random, pools, NumberKind.Small);
        if (random.Chance(0.35))
        {
            var (text, shape) = random.Pick(pools.CalculateWhole);
            if (shape.Contains("**", StringComparison.Ordinal)) a = Number(random, pools, NumberKind.Base);
            return (Fill(text, ("a", a), ("b", b), ("c", c)), Fill(shape, ("a", a), ("b", b), ("c", c)));
        }
        var (s1, w1) = random.Pick(Operators);
        string phrase = $"{a} {random.Pick(w1)} {b}";
        string expression = $"{a} {s1} {b}";
        if (random.Chance(0.25))
        {
            var (s2, w2) = random.Pick(Operators);
            phrase += $" {random.Pick(w2)} {c}";
            expression += $" {s2} {c}";
        }
        return (random.Pick(pools.CalculateFrames).Replace("{e}", phrase, StringComparison.Ordinal), expression);
    }

    /// <summary>Typos (in the template's own words, never in a slot), polite wrappers, extra context.</summary>
    private static string Style(Random random, CorpusPools pools, string text)
    {
        if (random.Chance(0.1)) text = Typo(random, text);
        if (random.Chance(0.08) && text.Length > 1)
            text = random.Pick(CorpusPhrasings.PoliteWrappers).Replace("{r}", char.ToLowerInvariant(text[0]) + text[1..], StringComparison.Ordinal);
        if (random.Chance(0.15)) text = random.Pick(pools.Prefixes) + text;
        if (random.Chance(0.12)) text += random.Pick(pools.Suffixes);
        return text;
    }

    private static string Typo(Random random, string text)
    {
        var words = new List<(int Start, int Length)>();
        bool inSlot = false;
        for (int i = 0; i < text.Length;)
        {
            if (text[i] == '{') inSlot = true;
            if (text[i] == '}') { inSlot = false; i++; continue; }
            if (!inSlot && char.IsAsciiLetterLower(text[i]))
            {
                int start = i;
                while (i < text.Length && char.IsAsciiLetterLower(text[i])) i++;
                if (i - start >= 4) words.Add((start, i - start));
                continue;
            }
            i++;
        }
        if (words.Count == 0) return text;
        var (at, length) = random.Pick(words);
        var builder = new StringBuilder(text);
        int k = at + 1 + random.Next(length - 2);
        if (random.Chance(0.5)) (builder[k], builder[k - 1]) = (builder[k - 1], builder[k]);
        else builder.Remove(k, 1);
        return builder.ToString();
    }

    private static string Fill(string template, params (string Name, string Value)[] slots)
    {
        foreach (var (name, value) in slots) template = template.Replace("{" + name + "}", value, StringComparison.Ordinal);
        return template;
    }

    private enum NumberKind { Any, Small, Base, Measure, Temperature }

    /// <summary>A number as the user writes it, from <paramref name="pools"/>' part of the number pool.</summary>
    private static string Number(Random random, CorpusPools pools, NumberKind kind)
    {
        for (int attempt = 0; attempt < 1000; attempt++)
        {
            string text = kind switch
            {
                NumberKind.Small => random.Next(2, 13).ToString(CultureInfo.InvariantCulture),
                NumberKind.Base => random.Next(2, 31).ToString(CultureInfo.InvariantCulture),
                NumberKind.Temperature => random.Chance(0.8)
                    ? random.Next(-40, 231).ToString(CultureInfo.InvariantCulture)
                    : (random.Next(-400, 2300) / 10m).ToString(CultureInfo.InvariantCulture),
                _ => random.Next(4) switch
                {
                    0 => random.Next(2, 100).ToString(CultureInfo.InvariantCulture),
                    1 => random.Next(100, 1000).ToString(CultureInfo.InvariantCulture),
                    2 => random.Next(1000, 100000).ToString(CultureInfo.InvariantCulture),
                    _ => (random.Next(11, 100000) / (random.Chance(0.5) ? 10m : 100m)).ToString(CultureInfo.InvariantCulture),
                },
            };
            if (text.Contains('.') && text.EndsWith('0')) continue; // 12.50: users write 12.5
            if (CorpusPool.IsHeldOut("number", text) == (pools.Split == CorpusSplit.HeldOut)) return text;
        }
        throw new InvalidOperationException($"The {kind} number pool has no {pools.Split} numbers.");
    }
}
