using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Bench;

/// <summary>Issue 11, section 6: the tool-call parsers' cost per streamed token. Each format's real-looking reply (a
/// sentence, then two calls with ~150 characters of arguments) is cut into token-sized pieces of 1–4 characters
/// (fixed seed) and pushed through a fresh parser; the report gives ns per push (median of rounds), against the
/// issue's target of 5 µs per token.</summary>
internal static class ToolParserBench
{
    public const string Usage = "tool-parser [--rounds 9] [--replies 2000] [--out docs/PERFORMANCE.md]";

    private const double TargetNanoseconds = 5000;

    private static readonly (ToolCallFormat Format, string Text)[] Replies =
    [
        (ToolCallFormat.Hermes, "I'll check both cities for you.\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"San Francisco, California\", \"days\": 3, \"unit\": \"celsius\", \"notes\": \"include wind speed and \\\"feels like\\\" values\"}}\n</tool_call>\n<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lisbon, Portugal\", \"days\": 5, \"unit\": \"celsius\", \"notes\": \"morning and evening\"}}\n</tool_call>"),
        (ToolCallFormat.Qwen3Coder, "I'll check both cities for you.\n<tool_call>\n<function=get_weather>\n<parameter=city>\nSan Francisco, California\n</parameter>\n<parameter=days>\n3\n</parameter>\n<parameter=unit>\ncelsius\n</parameter>\n<parameter=notes>\ninclude wind speed and \"feels like\" values\n</parameter>\n</function>\n</tool_call>\n<tool_call>\n<function=get_weather>\n<parameter=city>\nLisbon, Portugal\n</parameter>\n<parameter=days>\n5\n</parameter>\n</function>\n</tool_call>"),
        (ToolCallFormat.Llama31, "{\"name\": \"get_weather\", \"parameters\": {\"city\": \"San Francisco, California\", \"days\": 3, \"unit\": \"celsius\", \"notes\": \"include wind speed and \\\"feels like\\\" values\"}}; {\"name\": \"get_weather\", \"parameters\": {\"city\": \"Lisbon, Portugal\", \"days\": 5, \"unit\": \"celsius\", \"notes\": \"morning and evening\"}}"),
        (ToolCallFormat.Mistral, "I'll check both cities for you.[TOOL_CALLS][{\"name\": \"get_weather\", \"arguments\": {\"city\": \"San Francisco, California\", \"days\": 3, \"unit\": \"celsius\", \"notes\": \"include wind speed and \\\"feels like\\\" values\"}}, {\"name\": \"get_weather\", \"arguments\": {\"city\": \"Lisbon, Portugal\", \"days\": 5, \"unit\": \"celsius\", \"notes\": \"morning and evening\"}}]"),
    ];

    private static readonly IReadOnlyList<ToolDefinition> Tools =
    [
        new("get_weather", null, System.Text.Json.JsonDocument.Parse("""{"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}, "unit": {"type": "string"}, "notes": {"type": "string"}}}""").RootElement.Clone()),
    ];

    public static int Run(string[] args)
    {
        var values = BenchArguments.Parse(args, Usage);
        int rounds = BenchArguments.Int(values, "rounds", 9), replies = BenchArguments.Int(values, "replies", 2000);
        var machine = MachineInfo.Read();
        var rows = new List<(ToolCallFormat Format, int Chars, int Pushes, double NsPerPush, double NsPerChar)>();
        foreach ((ToolCallFormat format, string text) in Replies)
        {
            string[] pieces = Cut(text, new Random(11));
            if (Feed(format, pieces) != 2)
            {
                throw new InvalidOperationException($"{format}: the bench reply does not parse into two calls.");
            }
            for (int i = 0; i < 200; i++)
            {
                Feed(format, pieces); // warm-up (JIT tiers)
            }
            var perPush = new List<double>();
            for (int r = 0; r < rounds; r++)
            {
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < replies; i++)
                {
                    Feed(format, pieces);
                }
                double ns = Stopwatch.GetElapsedTime(start).TotalNanoseconds;
                perPush.Add(ns / ((double)replies * pieces.Length));
            }
            perPush.Sort();
            double median = perPush[perPush.Count / 2];
            rows.Add((format, text.Length, pieces.Length, median, median * pieces.Length / text.Length));
            Console.WriteLine($"{format}: {median:F0} ns per push ({pieces.Length} pushes of {text.Length} chars)");
        }

        var section = new StringBuilder();
        section.AppendLine("### Tool-call parser cost per streamed token (issue 11, section 6)");
        section.AppendLine();
        section.AppendLine($"Command: `dotnet run --project bench/Workbench.Bench -c Release -- tool-parser --rounds {rounds} --replies {replies} --out docs/PERFORMANCE.md`");
        section.AppendLine();
        section.AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {machine.Runtime}, load {machine.LoadAverage}. Each format's reply (a sentence and two calls) is cut into pieces of 1–4 characters (fixed seed, like detokenized tokens) and pushed through a fresh `ToolCallStreamParser` with one tool; {replies} replies per round, {rounds} rounds after a warm-up, median. Includes `Complete()` and event allocation; one thread.");
        section.AppendLine();
        section.AppendLine("| format | reply chars | pushes | **ns per push (token)** | ns per char | target 5 µs |");
        section.AppendLine("|---|---:|---:|---:|---:|---|");
        foreach (var row in rows)
        {
            section.AppendLine(CultureInfo.InvariantCulture, $"| {row.Format} | {row.Chars} | {row.Pushes} | **{row.NsPerPush:F0}** | {row.NsPerChar:F0} | {(row.NsPerPush < TargetNanoseconds ? "met" : "missed")} |");
        }
        string markdown = section.ToString();
        if (values.TryGetValue("out", out string? path))
        {
            PerformanceDocument.WriteSection(path, "tool-parser", markdown, area: "issue-11");
            Console.WriteLine($"Wrote {path}");
        }
        else
        {
            Console.WriteLine(markdown);
        }
        return rows.All(r => r.NsPerPush < TargetNanoseconds) ? 0 : 1;
    }

    private static int Feed(ToolCallFormat format, string[] pieces)
    {
        ToolCallStreamParser parser = ToolCallStreamParser.Create(format, Tools);
        int finished = 0;
        foreach (string piece in pieces)
        {
            finished += Count(parser.Push(piece));
        }
        return finished + Count(parser.Complete());
    }

    private static int Count(IReadOnlyList<ToolCallEvent> events)
    {
        int n = 0;
        for (int i = 0; i < events.Count; i++)
        {
            n += events[i] is ToolCallFinished ? 1 : 0;
        }
        return n;
    }

    private static string[] Cut(string text, Random random)
    {
        var pieces = new List<string>();
        for (int at = 0; at < text.Length;)
        {
            int length = Math.Min(random.Next(1, 5), text.Length - at);
            pieces.Add(text.Substring(at, length));
            at += length;
        }
        return [.. pieces];
    }
}
