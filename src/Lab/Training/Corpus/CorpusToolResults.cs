using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Lab.Training.Corpus;

/// <summary>The tool result of a <see cref="ToolRequest"/> and a short final answer that uses it. Weather and
/// calculator run the real tools, unit conversion the real tool's resolution and UnitsNet call (<see cref="CorpusUnitConverter"/>); time and file search are simulated in the tools' own shapes
/// (<see cref="TimeTool"/>'s JSON object; <see cref="FileSearchTool"/>'s <c>path:line: text</c> lines).</summary>
internal static class CorpusToolResults
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo> Zones = new(StringComparer.Ordinal);
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly string[] LabFiles =
    [
        "labs/01-tokens/README.md", "labs/02-sampling/README.md", "labs/03-prompting/README.md", "labs/04-structured-output/README.md",
        "labs/05-tool-calling/README.md", "labs/06-mcp/README.md", "labs/07-agents/README.md", "labs/08-coding-agent/README.md",
        "labs/09-training/README.md", "labs/02-sampling/exercise.md", "labs/05-tool-calling/quiz.yaml", "labs/03-prompting/notes.md",
        "docs/GLOSSARY.md", "docs/FAQ.md", "labs/07-agents/starter/Agent.cs", "labs/04-structured-output/schema.json",
    ];

    private static readonly string[] LineTexts =
    [
        "This section explains {q} with a small example.", "See the notes on {q} below.", "Exercise: measure {q} on the small model.",
        "## {q}", "- {q}: what it is and why it matters", "Question 3 asks about {q}.", "Try changing {q} and compare the outputs.",
        "Remember: {q} is covered again in the next lab.",
    ];

    public static (string Result, string Answer) Run(Random random, CorpusPools pools, ToolRequest request)
    {
        var args = request.Arguments;
        switch (request.Tool)
        {
            case WeatherTool.ToolName:
            {
                string result = ToolCorpusGenerator.Tool(request.Tool).Run(args);
                using var doc = JsonDocument.Parse(result);
                var r = doc.RootElement;
                string city = (string)args["city"]!;
                string t = r.GetProperty("temperature").GetInt32().ToString(CultureInfo.InvariantCulture)
                    + (r.GetProperty("unit").GetString() == "fahrenheit" ? " °F" : " °C");
                string condition = r.GetProperty("condition").GetString()!;
                int humidity = r.GetProperty("humidity_percent").GetInt32(), wind = r.GetProperty("wind_kmh").GetInt32();
                return (result, random.Next(4) switch
                {
                    0 => $"It's {t} and {condition} in {city} right now.",
                    1 => $"{city}: {condition}, {t}, humidity {humidity} %, wind {wind} km/h.",
                    2 => $"Currently {condition} in {city} at {t}.",
                    _ => $"The weather in {city} is {condition} with a temperature of {t} (simulated data).",
                });
            }
            case TimeTool.ToolName:
            {
                string city = (string)args["city"]!;
                string zoneId = CorpusSynthetic.ZoneOf(city);
                var zone = Zones.GetOrAdd(zoneId, TimeZoneInfo.FindSystemTimeZoneById);
                var local = TimeZoneInfo.ConvertTime(Epoch.AddMinutes(random.Next(0, 365 * 24 * 60)), zone);
                var result = new JsonObject
                {
                    ["city"] = city,
                    ["time_zone"] = zoneId,
                    ["local_time"] = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
                    ["utc_offset"] = local.ToString("zzz", CultureInfo.InvariantCulture),
                    ["weekday"] = local.DayOfWeek.ToString(),
                }.ToJsonString(ToolCorpusGenerator.Json);
                string clock = local.ToString("HH:mm", CultureInfo.InvariantCulture);
                return (result, random.Next(3) switch
                {
                    0 => $"It's {clock} on {local.DayOfWeek} in {city}.",
                    1 => $"The local time in {city} is {clock} ({local.DayOfWeek}, UTC{local:zzz}).",
                    _ => $"In {city} it is {clock} right now.",
                });
            }
            case CalculatorTool.ToolName:
            {
                string result = ToolCorpusGenerator.Tool(request.Tool).Run(args);
                string expression = (string)args["expression"]!;
                return (result, random.Next(3) switch
                {
                    0 => $"{expression} = {result}.",
                    1 => $"The answer is {result}.",
                    _ => $"That comes to {result}.",
                });
            }
            case UnitConversionTool.ToolName:
            {
                string result = CorpusUnitConverter.Convert(args);
                string converted = result[(result.IndexOf(" = ", StringComparison.Ordinal) + 3)..];
                return (result, random.Next(3) switch
                {
                    0 => $"{result}.",
                    1 => $"That's {converted}.",
                    _ => $"It comes to {converted}.",
                });
            }
            case FileSearchTool.ToolName:
            {
                string query = (string)args["query"]!;
                int count = random.Next(5);
                if (count == 0) return ($"No matches for '{query}'.", random.Chance(0.5) ? $"No file mentions \"{query}\"." : $"I found nothing for \"{query}\" in the lab files.");
                var lines = Enumerable.Range(0, count).Select(_ => string.Create(CultureInfo.InvariantCulture,
                    $"{random.Pick(LabFiles)}:{random.Next(1, 240)}: {random.Pick(LineTexts).Replace("{q}", query, StringComparison.Ordinal)}")).ToList();
                string firstPath = lines[0][..lines[0].IndexOf(':')];
                string firstLine = lines[0].Split(':')[1];
                return (string.Join('\n', lines), count == 1
                    ? $"I found one match for \"{query}\": {firstPath}, line {firstLine}."
                    : $"I found {count} matches for \"{query}\". The first is in {firstPath}, line {firstLine}.");
            }
            default:
                throw new ArgumentException($"'{request.Tool}' is not a built-in tool.", nameof(request));
        }
    }
}
