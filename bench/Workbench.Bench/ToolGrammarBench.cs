using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Grammar;

namespace Workbench.Bench;

/// <summary>
/// Issue 11 §6: forced tool calls on the engine in-process. (a) N forced calls on stories260K (seeds 1..N,
/// temperature 1), rotating over the JSON formats (Hermes, Llama 3.1, Mistral array), the tools and the choice
/// (required, named, parallel); every call's arguments checked with <see cref="JsonSchemaValidator"/>. (b) tok/s of
/// a forced call (Hermes, required) vs unconstrained generation of the same length (<c>ignore_eos</c>), same seeds
/// and threads, one request at a time.
/// </summary>
internal static class ToolGrammarBench
{
    public const string Usage = "tool-grammar [--samples 1000] [--speed-runs 20] [--threads 1] [--parallel 4] [--model path] [--out docs/PERFORMANCE.md]";

    private const string Prompt = "Once upon a time";

    private static readonly (string Name, string Schema)[] ToolSchemas =
    [
        ("get_weather", """{"type":"object","properties":{"location":{"type":"string","maxLength":40},"unit":{"type":"string","enum":["celsius","fahrenheit"]}},"required":["location"]}"""),
        ("set_alarm", """{"type":"object","properties":{"hour":{"type":"integer","minimum":0,"maximum":23},"minute":{"type":"integer","minimum":0,"maximum":59},"label":{"type":"string","maxLength":20},"repeat":{"type":"boolean"}},"required":["hour","minute"],"additionalProperties":false}"""),
        ("create_event", """{"type":"object","properties":{"title":{"type":"string","minLength":1,"maxLength":30},"when":{"type":"object","properties":{"day":{"type":"string","format":"date"},"slot":{"enum":["morning","afternoon"]}},"required":["day"]},"attendees":{"type":"array","items":{"type":"string","maxLength":12},"maxItems":3}},"required":["title","when"]}"""),
        ("convert", """{"type":"object","properties":{"value":{"type":"number","minimum":-1000,"maximum":1000},"from":{"type":"string","enum":["m","km","mi"]},"to":{"type":"string","enum":["m","km","mi"]}},"required":["value","from","to"]}"""),
        ("ping", """{"type":"object","properties":{}}"""),
    ];

    private static readonly ToolCallFormat[] Formats = [ToolCallFormat.Hermes, ToolCallFormat.Llama31, ToolCallFormat.Mistral];

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var values = BenchArguments.Parse(args, Usage);
        int samples = BenchArguments.Int(values, "samples", 1000), speedRuns = BenchArguments.Int(values, "speed-runs", 20);
        int threads = BenchArguments.Int(values, "threads", 1), parallel = BenchArguments.Int(values, "parallel", 4);
        var root = BenchOptions.Parse([]).RepoRoot;
        string model = Path.GetFullPath(values.GetValueOrDefault("model", Path.Combine(root, "..", "shared", "models", "stories260K.gguf")));
        var tools = ToolSchemas.Select(t => new ToolDefinition(t.Name, null, JsonDocument.Parse(t.Schema).RootElement.Clone())).ToList();
        var machine = MachineInfo.Read();
        Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}; {Path.GetFileName(model)}, {threads} thread(s), {parallel} sequences");

        await using var engine = new LlamaEngine(new EngineOptions { DefaultModel = "", Threads = threads, ContextSize = 1024, ParallelSequences = parallel });
        await engine.LoadModelAsync(model, null, cancellationToken);

        // (b) Speed, one request at a time.
        var forced = ToolCallGrammar.Build(ToolCallFormat.Hermes, tools, ToolChoice.Required, false);
        await GenerateAsync(engine, Request(1, forced), cancellationToken); // warm-up
        (long Tokens, double Seconds) constrained = (0, 0), free = (0, 0);
        for (uint seed = 1; seed <= speedRuns; seed++)
        {
            var call = await GenerateAsync(engine, Request(seed, forced), cancellationToken);
            var plain = await GenerateAsync(engine, new GenerationRequest
            {
                Prompt = Prompt, MaxTokens = call.Tokens,
                Sampling = new SamplingOptions { Seed = seed, Temperature = 1.0f, IgnoreEos = true },
            }, cancellationToken);
            constrained = (constrained.Tokens + call.Tokens, constrained.Seconds + call.Seconds);
            free = (free.Tokens + plain.Tokens, free.Seconds + plain.Seconds);
        }
        double ratio = (constrained.Tokens / constrained.Seconds) / (free.Tokens / free.Seconds);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  forced call {constrained.Tokens / constrained.Seconds:F0} tok/s, unconstrained {free.Tokens / free.Seconds:F0} tok/s, ratio {ratio:F2}"));

        // (a) Validity of N forced calls, `parallel` at a time.
        var clock = Stopwatch.StartNew();
        var results = new Sample[samples];
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(1, samples).Select(async seed =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var format = Formats[seed % Formats.Length];
                int mode = seed / Formats.Length % 3; // 0 required, 1 named, 2 parallel
                var choice = mode == 1 ? ToolChoice.Function(tools[seed / 3 % tools.Count].Name) : ToolChoice.Required;
                var grammar = ToolCallGrammar.Build(format, tools, choice, mode == 2);
                var run = await GenerateAsync(engine, Request((uint)seed, grammar), cancellationToken);
                results[seed - 1] = new Sample(format, run.Text, run.Tokens, run.Finish, Check(format, run.Text, tools, choice));
            }
            finally
            {
                gate.Release();
            }
        }));
        double wall = clock.Elapsed.TotalSeconds;
        int valid = results.Count(r => r.Calls > 0);
        Console.WriteLine($"  {valid}/{samples} valid ({results.Sum(r => r.Calls)} calls) in {wall:F1} s");
        foreach (var bad in results.Where(r => r.Calls == 0).Take(3)) Console.WriteLine($"  invalid {bad.Format} ({bad.Finish}): {bad.Text}");

        string markdown = Report(machine, model, threads, parallel, speedRuns, constrained, free, results, wall);
        if (values.TryGetValue("out", out var output))
        {
            PerformanceDocument.WriteSection(Path.GetFullPath(output), "tool-grammar", markdown, area: "tools");
            Console.WriteLine($"Wrote {output}");
        }
        else
        {
            Console.WriteLine(markdown);
        }
        return valid == samples ? 0 : 1;
    }

    private static GenerationRequest Request(uint seed, ToolCallGrammarResult grammar) =>
        new() { Prompt = Prompt, MaxTokens = 900, Sampling = grammar.ApplyTo(new SamplingOptions { Seed = seed, Temperature = 1.0f }) };

    // The number of calls when the text is the canonical form and every call validates (0 otherwise).
    private static int Check(ToolCallFormat format, string text, IReadOnlyList<ToolDefinition> tools, ToolChoice choice)
    {
        try
        {
            var calls = new List<JsonElement>();
            string rest = text;
            if (format == ToolCallFormat.Mistral)
            {
                if (!rest.StartsWith("[TOOL_CALLS]", StringComparison.Ordinal)) return 0;
                using var array = JsonDocument.Parse(rest["[TOOL_CALLS]".Length..]);
                calls.AddRange(array.RootElement.EnumerateArray().Select(e => e.Clone()));
            }
            else
            {
                string open = format == ToolCallFormat.Hermes ? "<tool_call>\n" : "", close = format == ToolCallFormat.Hermes ? "\n</tool_call>" : "";
                string separator = format == ToolCallFormat.Hermes ? "\n" : "; ";
                while (true)
                {
                    if (!rest.StartsWith(open, StringComparison.Ordinal)) return 0;
                    var bytes = Encoding.UTF8.GetBytes(rest[open.Length..]);
                    var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { AllowMultipleValues = true });
                    using (var call = JsonDocument.ParseValue(ref reader)) calls.Add(call.RootElement.Clone());
                    rest = Encoding.UTF8.GetString(bytes, (int)reader.BytesConsumed, bytes.Length - (int)reader.BytesConsumed);
                    if (!rest.StartsWith(close, StringComparison.Ordinal)) return 0;
                    rest = rest[close.Length..];
                    if (rest.Length == 0) break;
                    if (!rest.StartsWith(separator, StringComparison.Ordinal)) return 0;
                    rest = rest[separator.Length..];
                }
            }
            string key = format == ToolCallFormat.Llama31 ? "parameters" : "arguments";
            foreach (var call in calls)
            {
                string name = call.GetProperty("name").GetString()!;
                if (choice.Mode == ToolChoiceMode.Named && name != choice.FunctionName) return 0;
                var tool = tools.Single(t => t.Name == name);
                if (JsonSchemaValidator.Validate(tool.Parameters, call.GetProperty(key)).Count != 0) return 0;
            }
            return calls.Count;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or KeyNotFoundException)
        {
            return 0;
        }
    }

    private static async Task<Run> GenerateAsync(LlamaEngine engine, GenerationRequest request, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        GenerationUpdate? final = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            if (update.FinishReason is not null) final = update;
        }
        return new Run(text.ToString(), final?.Usage?.CompletionTokens ?? 0, final?.FinishReason, final?.Timings?.GenerationDuration.TotalSeconds ?? 0);
    }

    private static string Report(MachineInfo machine, string model, int threads, int parallel, int speedRuns,
        (long Tokens, double Seconds) constrained, (long Tokens, double Seconds) free, Sample[] results, double wall)
    {
        var text = new StringBuilder();
        int valid = results.Count(r => r.Calls > 0), stopped = results.Count(r => r.Finish == FinishReason.Stop);
        var lengths = results.Select(r => (double)r.Tokens).ToArray();
        double constrainedRate = constrained.Tokens / constrained.Seconds, freeRate = free.Tokens / free.Seconds;
        text.AppendLine("### Tool calling: forced calls (validity) and constrained speed");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}: the engine in-process, {Path.GetFileName(model)}, {threads} thread(s), n_ctx 1024 per sequence, temperature 1, prompt `{Prompt}`. Command: `dotnet run -c Release --project bench/Workbench.Bench -- tool-grammar --out docs/PERFORMANCE.md`."));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Speed: seeds 1..{speedRuns}, one request at a time; a forced Hermes call (`tool_choice: required`, 5 tools) against unconstrained generation of the same number of tokens (`ignore_eos`), generation time only. Forced: {constrained.Tokens} tokens, **{constrainedRate:F0} tok/s**; unconstrained: {free.Tokens} tokens, {freeRate:F0} tok/s; **ratio {constrainedRate / freeRate:P0}** (target ≥ 80 %)."));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Validity: {results.Length} forced calls, seeds 1..{results.Length}, rotating over Hermes, Llama 3.1 and Mistral (array), `required` / named / parallel, 5 tools (enums, bounded integers and numbers, optional fields, a nested object with a date, an array, no properties), {parallel} at a time; canonical text checked and every call's arguments validated with `JsonSchemaValidator`: **{valid} of {results.Length} valid**, {results.Sum(r => r.Calls)} calls, {stopped} ended by the grammar and EOS (finish_reason `stop`). Completion tokens per reply: median {BenchArguments.Percentile(lengths, 50):F0}, p95 {BenchArguments.Percentile(lengths, 95):F0}, max {lengths.Max():F0}. Wall time {wall:F1} s."));
        return text.ToString();
    }

    private sealed record Run(string Text, int Tokens, FinishReason? Finish, double Seconds);

    private sealed record Sample(ToolCallFormat Format, string Text, int Tokens, FinishReason? Finish, int Calls);
}
