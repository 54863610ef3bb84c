using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Bench;

/// <summary>
/// Issue 4 §4: structured output on the engine in-process. (1) Generation speed unconstrained vs under a grammar:
/// the same prompt and seeds, one request at a time; the constrained runs are the Location schema (and
/// <c>json_object</c>), which end when the object is complete, and each unconstrained run is cut at the same length
/// with <c>ignore_eos</c> so both sides generate the same number of tokens. (2) N schema-constrained samples of the
/// lecture's Location schema (seeds 1..N, temperature 1), every output validated with <see cref="JsonSchemaValidator"/>.
/// </summary>
internal static class StructuredBench
{
    public const string Usage = "structured [--samples 1000] [--speed-runs 20] [--threads 1] [--parallel 4] [--max-tokens 400] [--model path] [--out docs/PERFORMANCE.md]";

    private const string Prompt = "Return the location as JSON with name, country, latitude and longitude.\nOnce upon a time, there was a little town by the sea.";

    /// <summary>The lecture's Location example.</summary>
    private const string LocationSchema = """
        {"type":"object","properties":{"name":{"type":"string"},"country":{"type":"string"},
         "latitude":{"type":"number","minimum":-90,"maximum":90},"longitude":{"type":"number","minimum":-180,"maximum":180}},
         "required":["name","country","latitude","longitude"],"additionalProperties":false}
        """;

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var values = BenchArguments.Parse(args, Usage);
        int samples = BenchArguments.Int(values, "samples", 1000), speedRuns = BenchArguments.Int(values, "speed-runs", 20), threads = BenchArguments.Int(values, "threads", 1);
        int parallel = BenchArguments.Int(values, "parallel", 4), maxTokens = BenchArguments.Int(values, "max-tokens", 400);
        var root = BenchOptions.Parse([]).RepoRoot;
        string model = Path.GetFullPath(values.GetValueOrDefault("model", Path.Combine(root, "..", "shared", "models", "stories260K.gguf")));
        using var schemaDocument = JsonDocument.Parse(LocationSchema);
        var schema = schemaDocument.RootElement;
        string grammar = JsonSchemaGrammar.ToGbnf(schema);
        var machine = MachineInfo.Read();
        Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores; {Path.GetFileName(model)}, {threads} thread(s), {parallel} sequences");

        await using var engine = new LlamaEngine(new EngineOptions
        {
            DefaultModel = "", Threads = threads, ContextSize = 512, ParallelSequences = parallel, ChatTemplate = "chatml",
        });
        await engine.LoadModelAsync(model, null, cancellationToken);

        // (1) Speed, one request at a time.
        await RunAsync(engine, Request(1, maxTokens, grammar), cancellationToken); // warm-up
        var speed = new Dictionary<string, (long Tokens, double Seconds)> { ["unconstrained"] = (0, 0), ["json_object"] = (0, 0), ["Location schema"] = (0, 0) };
        for (uint seed = 1; seed <= speedRuns; seed++)
        {
            foreach (var (name, gbnf) in new[] { ("Location schema", grammar), ("json_object", JsonSchemaGrammar.JsonObjectGbnf) })
            {
                var constrained = await RunAsync(engine, Request(seed, maxTokens, gbnf), cancellationToken);
                var free = await RunAsync(engine, Request(seed, constrained.Tokens, null) with { Sampling = Sampling(seed, null) with { IgnoreEos = true } }, cancellationToken);
                Add(speed, name, constrained);
                if (name == "Location schema") Add(speed, "unconstrained", free);
            }
        }
        foreach (var (name, (tokens, seconds)) in speed) Console.WriteLine($"  {name}: {tokens / seconds:F0} tok/s ({tokens} tokens)");

        // (2) Validity of N seeded samples, `parallel` at a time.
        var clock = Stopwatch.StartNew();
        var results = new Sample[samples];
        using var gate = new SemaphoreSlim(parallel);
        await Task.WhenAll(Enumerable.Range(1, samples).Select(async seed =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var run = await RunAsync(engine, Request((uint)seed, maxTokens, grammar), cancellationToken);
                results[seed - 1] = new Sample(run.Text, run.Tokens, run.Finish, JsonSchemaValidator.Validate(schema, run.Text).Count == 0);
            }
            finally
            {
                gate.Release();
            }
        }));
        double wall = clock.Elapsed.TotalSeconds;
        int valid = results.Count(r => r.Valid);
        Console.WriteLine($"  {valid}/{samples} valid in {wall:F1} s");
        foreach (var bad in results.Where(r => !r.Valid).Take(3)) Console.WriteLine($"  invalid ({bad.Finish}): {bad.Text}");

        string markdown = Report(machine, model, threads, parallel, maxTokens, speedRuns, speed, results, wall);
        if (values.TryGetValue("out", out var output))
        {
            PerformanceDocument.WriteSection(Path.GetFullPath(output), "structured", markdown, area: "lab-modules-1");
            Console.WriteLine($"Wrote {output}");
        }
        else
        {
            Console.WriteLine(markdown);
        }
        return valid == samples ? 0 : 1;
    }

    private static GenerationRequest Request(uint seed, int maxTokens, string? grammar) =>
        new() { Prompt = Prompt, MaxTokens = maxTokens, Sampling = Sampling(seed, grammar) };

    private static SamplingOptions Sampling(uint seed, string? grammar) => new() { Seed = seed, Temperature = 1.0f, Grammar = grammar };

    private static void Add(Dictionary<string, (long Tokens, double Seconds)> totals, string name, Run run)
    {
        var (tokens, seconds) = totals[name];
        totals[name] = (tokens + run.Tokens, seconds + run.GenerationSeconds);
    }

    private static async Task<Run> RunAsync(LlamaEngine engine, GenerationRequest request, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        GenerationUpdate? final = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            if (update.FinishReason is not null) final = update;
        }
        return new Run(text.ToString(), final?.Usage?.CompletionTokens ?? 0, final?.FinishReason,
            final?.Timings?.GenerationDuration.TotalSeconds ?? 0);
    }

    private static string Report(MachineInfo machine, string model, int threads, int parallel, int maxTokens, int speedRuns,
        Dictionary<string, (long Tokens, double Seconds)> speed, Sample[] results, double wall)
    {
        var text = new StringBuilder();
        var lengths = results.Select(r => (double)r.Tokens).ToArray();
        int valid = results.Count(r => r.Valid), stopped = results.Count(r => r.Finish == FinishReason.Stop);
        double baseline = speed["unconstrained"].Tokens / speed["unconstrained"].Seconds;
        text.AppendLine("### Structured output: constrained decoding speed and validity");
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}: the engine in-process, {Path.GetFileName(model)}, {threads} thread(s), n_ctx 512 per sequence, temperature 1 (top_k 40, top_p 0.95, min_p 0.05), prompt `{Prompt.Replace("\n", "\\n", StringComparison.Ordinal)}`."));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Speed: seeds 1..{speedRuns}, one request at a time. Each constrained run ends when its JSON is complete; the unconstrained run of the same seed generates as many tokens with `ignore_eos`. Generation time only (the engine's own timings)."));
        text.AppendLine();
        text.AppendLine("| decoding | tokens | tok/s | vs unconstrained |");
        text.AppendLine("|---|---|---|---|");
        foreach (var (name, (tokens, seconds)) in speed)
            text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {name} | {tokens} | {tokens / seconds:F0} | {tokens / seconds / baseline:P0} |"));
        text.AppendLine();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Validity: {results.Length} samples of the lecture's Location schema (`JsonSchemaGrammar.ToGbnf`, default limits), seeds 1..{results.Length}, max_tokens {maxTokens}, {parallel} at a time, every output checked with `JsonSchemaValidator`: **{valid} of {results.Length} valid ({(double)valid / results.Length:P1})**, {stopped} ended by the grammar (finish_reason `stop`), {results.Length - stopped} cut by max_tokens. Completion tokens per sample: median {BenchArguments.Percentile(lengths, 50):F0}, p95 {BenchArguments.Percentile(lengths, 95):F0}, max {lengths.Max():F0}. Wall time {wall:F1} s."));
        if (results.FirstOrDefault(r => r.Valid) is { } example)
            text.AppendLine().AppendLine("Example output (seed 1 or the first valid one): `" + example.Text.Replace("\n", " ", StringComparison.Ordinal).Replace("`", "'", StringComparison.Ordinal) + "`");
        return text.ToString();
    }

    private sealed record Run(string Text, int Tokens, FinishReason? Finish, double GenerationSeconds);

    private sealed record Sample(string Text, int Tokens, FinishReason? Finish, bool Valid);
}
