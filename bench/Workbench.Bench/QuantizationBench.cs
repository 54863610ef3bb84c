using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Workbench.Engine;
using Workbench.Engine.Evaluation;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Native;
using Workbench.Engine.Quantization;

namespace Workbench.Bench;

/// <summary>
/// Issue 13: the lab's quantization path side by side with llama.cpp's own tools built from the same source
/// (<see cref="LlamaReferenceTools"/>), in the same run, for every <see cref="QuantizationType"/> of one F32 source
/// and each thread count:
/// (1) quantize — <see cref="QuantizeOperation"/> in-process (llama_model_quantize) vs <c>llama-quantize</c>, wall
/// time and whether the two files have the same SHA-256;
/// (2) perplexity at n_ctx 128 on <see cref="EvaluationTexts.Default"/> — <see cref="PerplexityCalculator"/> vs
/// <c>llama-perplexity -t N</c>, value, relative difference and wall time (both load the model);
/// (3) speed — the <see cref="ModelComparer"/> row's prompt and generation tok/s vs <c>llama-bench -p 128 -n 64</c>;
/// (4) the comparison table a student sees (file size, bpw, PPL delta, KL divergence from the source).
/// Every measurement runs <c>--repeats</c> times, the two sides in alternating order; medians are reported.
/// </summary>
internal static class QuantizationBench
{
    public const string Usage = "quantization [--model path] [--threads 1,2] [--repeats 3] [--ctx 128] [--out docs/PERFORMANCE.md]";

    private const int BenchPromptTokens = 128, BenchGeneratedTokens = 64, BenchRepetitions = 3;

    private sealed record QuantizeRow(int Threads, string Type, double Ours, double Theirs, double? TheirsOwn, bool SameBytes, bool SameAsFirstThreads, long Bytes,
        int Fallbacks, int Tensors, string TensorTypes);

    private sealed record PerplexityRow(int Threads, string Model, double Ours, double Theirs, double OursSeconds, double TheirsSeconds, int TheirSequences);

    private sealed record SpeedRow(int Threads, string Model, double OursPrompt, double TheirsPrompt, double PromptRatio,
        double OursGeneration, double TheirsGeneration, double GenerationRatio, int GreedyTokens);

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var values = BenchArguments.Parse(args, Usage);
        int[] threadCounts = values.GetValueOrDefault("threads", "1,2").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        int repeats = BenchArguments.Int(values, "repeats", 3), ctx = BenchArguments.Int(values, "ctx", 128);
        string root = BenchOptions.Parse([]).RepoRoot;
        string source = Path.GetFullPath(values.GetValueOrDefault("model", Path.Combine(root, "..", "shared", "models", "stories260K.gguf")));
        var machine = MachineInfo.Read();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}; {Path.GetFileName(source)}, threads {string.Join(',', threadCounts)}, {repeats} repeats");

        string tools = await LlamaReferenceTools.EnsureBuiltAsync(root, cancellationToken);
        string work = Directory.CreateTempSubdirectory("workbench-qbench-").FullName;
        try
        {
            string ours = Directory.CreateDirectory(Path.Combine(work, "ours")).FullName, theirs = Directory.CreateDirectory(Path.Combine(work, "theirs")).FullName;
            string textFile = Path.Combine(work, "eval.txt");
            await File.WriteAllTextAsync(textFile, EvaluationTexts.Default, cancellationToken);
            LlamaBackend.Initialize(new EngineOptions { DefaultModel = "" });

            // (1) Quantize. The outputs of the first thread count are the files (2)–(4) measure.
            var quantizeRows = new List<QuantizeRow>();
            var firstHashes = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (int threads in threadCounts)
            {
                var options = new EngineOptions { DefaultModel = "", Threads = threads, ModelDirectories = [Path.GetDirectoryName(source)!], OutputModelDirectory = threads == threadCounts[0] ? ours : Path.Combine(work, $"ours-{threads}") };
                foreach (QuantizationType type in QuantizationType.All)
                {
                    string name = QuantizeOperation.OutputFileName(source, type);
                    string ourFile = Path.Combine(options.OutputModelDirectory, name), theirFile = Path.Combine(theirs, name);
                    var ourTimes = new List<double>();
                    var theirTimes = new List<(double Wall, double? Own)>();
                    QuantizeResult? result = null;
                    for (int run = 0; run <= repeats; run++) // run 0 warms both sides up and is not counted
                    {
                        async Task Ours()
                        {
                            (double seconds, result) = await QuantizeInProcessAsync(options, source, type, ourFile, cancellationToken);
                            if (run > 0) ourTimes.Add(seconds);
                        }
                        async Task Theirs()
                        {
                            var measured = await LlamaReferenceTools.QuantizeAsync(tools, source, theirFile, type.Name, threads, cancellationToken);
                            if (run > 0) theirTimes.Add(measured);
                        }
                        if (run % 2 == 0) { await Ours(); await Theirs(); } else { await Theirs(); await Ours(); }
                    }
                    string ourHash = Sha256(ourFile), theirHash = Sha256(theirFile);
                    firstHashes.TryAdd(type.Name, ourHash);
                    var row = new QuantizeRow(threads, type.Name, Median(ourTimes), Median(theirTimes.Select(t => t.Wall)),
                        theirTimes.All(t => t.Own is not null) ? Median(theirTimes.Select(t => t.Own!.Value)) : null,
                        ourHash == theirHash, ourHash == firstHashes[type.Name], new FileInfo(ourFile).Length,
                        result!.Tensors.Count(t => t.Fallback), result.Tensors.Count,
                        string.Join(", ", result.Tensors.GroupBy(t => t.Type).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()}× {g.Key}")));
                    quantizeRows.Add(row);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  quantize {type.Name} t={threads}: ours {row.Ours * 1000:F0} ms, llama-quantize {row.Theirs * 1000:F0} ms, same bytes {row.SameBytes}"));
                }
            }
            string[] quantized = QuantizationType.All.Select(t => Path.Combine(ours, QuantizeOperation.OutputFileName(source, t))).ToArray();
            string[] models = [source, .. quantized];

            // (2) Perplexity.
            var perplexityRows = new List<PerplexityRow>();
            foreach (int threads in threadCounts)
            {
                var options = new EngineOptions { DefaultModel = "", Threads = threads };
                PerplexityCalculator.Compute(source, EvaluationTexts.Default, ctx, options, cancellationToken: cancellationToken); // warm-up
                await LlamaReferenceTools.PerplexityAsync(tools, source, textFile, ctx, threads, cancellationToken);
                foreach (string model in models)
                {
                    var ourRuns = new List<(double Ppl, double Seconds)>();
                    var theirRuns = new List<LlamaReferenceTools.PerplexityRun>();
                    for (int run = 0; run < repeats; run++)
                    {
                        void Ours()
                        {
                            long started = Stopwatch.GetTimestamp();
                            PerplexityResult result = PerplexityCalculator.Compute(model, EvaluationTexts.Default, ctx, options, cancellationToken: cancellationToken);
                            ourRuns.Add((result.Perplexity, Stopwatch.GetElapsedTime(started).TotalSeconds));
                        }
                        async Task Theirs() => theirRuns.Add(await LlamaReferenceTools.PerplexityAsync(tools, model, textFile, ctx, threads, cancellationToken));
                        if (run % 2 == 0) { Ours(); await Theirs(); } else { await Theirs(); Ours(); }
                    }
                    var row = new PerplexityRow(threads, Path.GetFileName(model), Median(ourRuns.Select(r => r.Ppl)), Median(theirRuns.Select(r => r.Perplexity)),
                        Median(ourRuns.Select(r => r.Seconds)), Median(theirRuns.Select(r => r.Seconds)), theirRuns[0].Sequences);
                    perplexityRows.Add(row);
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"  perplexity {row.Model} t={threads}: ours {row.Ours:F4} ({row.OursSeconds * 1000:F0} ms), llama-perplexity {row.Theirs:F4} ({row.TheirsSeconds * 1000:F0} ms)"));
                }
            }

            // (3) Speed and (4) the student's table: the comparison of every file, rounds alternating with llama-bench.
            var speedRows = new List<SpeedRow>();
            ModelComparison? table = null;
            foreach (int threads in threadCounts)
            {
                var options = new EngineOptions { DefaultModel = "", Threads = threads };
                var request = new ModelComparisonRequest { Source = source, Models = quantized, ContextSize = ctx, GenerationTokens = BenchGeneratedTokens };
                Task<IReadOnlyList<LlamaReferenceTools.BenchRow>> Theirs() =>
                    LlamaReferenceTools.BenchAsync(tools, models, BenchPromptTokens, BenchGeneratedTokens, threads, BenchRepetitions, cancellationToken);
                var rounds = new List<(ModelComparison Ours, IReadOnlyList<LlamaReferenceTools.BenchRow> Theirs)>();
                for (int run = 0; run < repeats; run++)
                {
                    ModelComparison ourRound;
                    IReadOnlyList<LlamaReferenceTools.BenchRow> theirRound;
                    if (run % 2 == 0) { ourRound = ModelComparer.Compare(request, options, null, cancellationToken); theirRound = await Theirs(); }
                    else { theirRound = await Theirs(); ourRound = ModelComparer.Compare(request, options, null, cancellationToken); }
                    rounds.Add((ourRound, theirRound));
                    Console.WriteLine($"  comparison round {run + 1}/{repeats} t={threads} (load {MachineInfo.LoadAverageNow()})");
                }
                table ??= rounds[0].Ours;
                foreach (string model in models)
                {
                    string name = Path.GetFileName(model);
                    ModelComparisonRow Mine(int round) => rounds[round].Ours.Rows.First(r => r.Name == name);
                    LlamaReferenceTools.BenchRow Bench(int round, bool prompt) => rounds[round].Theirs.First(r => r.Model == name && r.IsPrompt == prompt);
                    var indices = Enumerable.Range(0, rounds.Count).ToArray();
                    speedRows.Add(new SpeedRow(threads, name,
                        Median(indices.Select(i => Mine(i).PromptTokensPerSecond)), Median(indices.Select(i => Bench(i, true).TokensPerSecond)),
                        Median(indices.Select(i => Mine(i).PromptTokensPerSecond / Bench(i, true).TokensPerSecond)),
                        Median(indices.Select(i => Mine(i).GenerationTokensPerSecond)), Median(indices.Select(i => Bench(i, false).TokensPerSecond)),
                        Median(indices.Select(i => Mine(i).GenerationTokensPerSecond / Bench(i, false).TokensPerSecond)), Mine(0).GreedyTokens));
                }
            }

            string markdown = Report(machine, source, threadCounts, repeats, ctx, quantizeRows, perplexityRows, speedRows, table!, clock.Elapsed);
            if (values.GetValueOrDefault("out") is { } output)
            {
                PerformanceDocument.WriteSection(Path.GetFullPath(output), "quantization", markdown, area: "issue-13");
                Console.WriteLine($"Wrote {output}");
            }
            else Console.WriteLine(markdown);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>The lab's quantize operation in this process (as the model-tool child runs it), timed from the request
    /// to the renamed output.</summary>
    private static async Task<(double Seconds, QuantizeResult Result)> QuantizeInProcessAsync(EngineOptions options, string source, QuantizationType type, string output, CancellationToken cancellationToken)
    {
        var context = new ModelToolContext(options, (_, _) => { }, _ => { });
        var json = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonElement request = JsonSerializer.SerializeToElement(new QuantizeRequest { Source = source, Type = type.Name, Output = output }, json);
        long started = Stopwatch.GetTimestamp();
        JsonElement result = await new QuantizeOperation().RunAsync(request, context, cancellationToken);
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return (seconds, result.Deserialize<QuantizeResult>(json) ?? throw new InvalidOperationException("The quantize operation returned no result."));
    }

    private static string Sha256(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexString(SHA256.HashData(stream));
    }

    private static double Median(IEnumerable<double> values) => BenchArguments.Percentile(values, 50);

    private static string Report(MachineInfo machine, string source, int[] threadCounts, int repeats, int ctx, List<QuantizeRow> quantize,
        List<PerplexityRow> perplexity, List<SpeedRow> speed, ModelComparison table, TimeSpan took)
    {
        string I(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
        string Ms(double seconds) => I($"{seconds * 1000:F0}");
        var text = new StringBuilder();
        string name = Path.GetFileName(source);
        text.AppendLine(I($"### Quantization vs llama.cpp's own tools: {name}, threads {string.Join(", ", threadCounts)}"));
        text.AppendLine();
        text.AppendLine($"Command: `dotnet run --project bench/Workbench.Bench -c Release -- quantization --threads {string.Join(',', threadCounts)} --repeats {repeats} --out docs/PERFORMANCE.md`");
        text.AppendLine();
        text.AppendLine(I($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, {machine.Memory}, {machine.Os}, {machine.Runtime}; ") +
            $"load average before {machine.LoadAverage} / after {MachineInfo.LoadAverageNow()} (a machine shared with other work; run took {took.TotalMinutes:F1} min). " +
            $"llama.cpp's tools are built by `tests/reference/llama-tools/build.sh` from the source of our natives (v0.5.0) against the same npm libraries. " +
            $"Each cell is the median of {repeats} runs (quantize: after one warm-up), the two sides in alternating order; tool times are process wall times (start, library and model load included).");
        text.AppendLine();
        text.AppendLine("#### Quantize: `QuantizeOperation` in-process vs `llama-quantize SOURCE OUT TYPE N`");
        text.AppendLine();
        text.AppendLine("| type | threads | ours ms | llama-quantize ms (its own \"quantize time\") | ours / theirs | file bytes | SHA-256 equal | same bytes as " + threadCounts[0] + " thread(s) | tensor types (fallbacks) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|:---:|:---:|---|");
        foreach (var r in quantize)
            text.AppendLine(I($"| {r.Type} | {r.Threads} | {Ms(r.Ours)} | {Ms(r.Theirs)} ({(r.TheirsOwn is { } own ? Ms(own) : "–")}) | {r.Ours / r.Theirs:F2} | {r.Bytes:N0} | {(r.SameBytes ? "yes" : "**no**")} | {(r.SameAsFirstThreads ? "yes" : "**no**")} | {r.TensorTypes} ({r.Fallbacks} of {r.Tensors}) |"));
        text.AppendLine();
        text.AppendLine(I($"#### Perplexity at n_ctx {ctx} on the lab's eval text: `PerplexityCalculator` vs `llama-perplexity -c {ctx} -t N`"));
        text.AppendLine();
        text.AppendLine("| model | threads | ours PPL | llama-perplexity PPL | relative difference (target ≤ 0.5 %) | ours ms | llama-perplexity ms (n_seq) |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|");
        foreach (var r in perplexity)
            text.AppendLine(I($"| {r.Model} | {r.Threads} | {r.Ours:F4} | {r.Theirs:F4} | {Math.Abs(r.Ours / r.Theirs - 1) * 100:F4} % | {Ms(r.OursSeconds)} | {Ms(r.TheirsSeconds)} ({r.TheirSequences}) |"));
        double worst = perplexity.Max(r => Math.Abs(r.Ours / r.Theirs - 1)) * 100;
        text.AppendLine();
        text.AppendLine(I($"Largest relative difference: {worst:F4} % ({(worst <= 0.5 ? "within" : "**outside**")} the 0.5 % target). llama-perplexity prints 4 decimals, so differences below ≈ 0.5/PPL·10⁻⁴ are its rounding."));
        text.AppendLine();
        text.AppendLine(I($"#### Speed: the comparison row (`ModelComparer`) vs `llama-bench -p {BenchPromptTokens} -n {BenchGeneratedTokens} -t N -r {BenchRepetitions}`"));
        text.AppendLine();
        text.AppendLine("| model | threads | ours prompt tok/s | llama-bench pp tok/s | **prompt ratio** | ours generation tok/s (tokens) | llama-bench tg tok/s | **generation ratio** |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in speed)
            text.AppendLine(I($"| {r.Model} | {r.Threads} | {r.OursPrompt:N0} | {r.TheirsPrompt:N0} | **{r.PromptRatio:F2}×** | {r.OursGeneration:N0} ({r.GreedyTokens}) | {r.TheirsGeneration:N0} | **{r.GenerationRatio:F2}×** |"));
        text.AppendLine();
        text.AppendLine(I($"Ours: prompt = tokens per second of `llama_decode` over the {ctx}-token perplexity chunks; generation = greedy tokens per second of the one-token decodes after the comparison prompt (it stops at end of story, so fewer than {BenchGeneratedTokens} tokens can be timed). ") +
            I($"llama-bench: pp = one {BenchPromptTokens}-token batch, tg = {BenchGeneratedTokens} one-token decodes on an empty context, mean of {BenchRepetitions} repetitions after its warm-up. Ratios are medians of the per-round ratios."));
        text.AppendLine();
        text.AppendLine(I($"#### The table a student sees (comparison widget, {table.Threads} thread(s), n_ctx {table.ContextSize}, {table.Chunks} chunks)"));
        text.AppendLine();
        text.AppendLine("| file | type | file size KiB | bits/weight | PPL ± | ΔPPL | ΔPPL % | KL vs source (nats) | same top token % |");
        text.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in table.Rows)
            text.AppendLine(I($"| {r.Name} | {r.FileType} | {r.FileBytes / 1024.0:N1} | {r.BitsPerWeight:F2} | {r.Perplexity:F3} ± {r.PerplexityUncertainty:F3} | {r.PerplexityDelta:+0.000;-0.000;0.000} | {r.PerplexityDeltaPercent:+0.00;-0.00;0.00} % | {r.KlDivergence:F5} | {r.SameTopPercent:F1} |"));
        return text.ToString();
    }
}
