using System.Diagnostics;
using System.Globalization;
using System.Text;
using Workbench.Engine;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Bench;

/// <summary>
/// Issue 10, finding 20: B concurrent streams on the engine in-process side by side with llama.cpp's own
/// <c>llama-batched-bench</c> (same libllama, model, threads, context per sequence, n_batch and flash attention), in the
/// same run: every round runs both, in alternating order, and the report gives the median of the per-round ratios, so
/// a change in machine load during the run affects both sides alike.
/// </summary>
internal static class BatchedBench
{
    public const string Usage = "batched [--model path] [--threads 1] [--ctx 512] [--tokens 256] [--streams 1,4,16] [--rounds 7] [--prompt-repeat 1] [--flash-attention auto|enabled|disabled] [--out docs/PERFORMANCE.md]";

    private const string Prompt = "Once upon a time, there was a little girl named Lily. She loved to play outside in the park with her friends.";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var values = BenchArguments.Parse(args, Usage);
        int threads = BenchArguments.Int(values, "threads", 1), ctx = BenchArguments.Int(values, "ctx", 512);
        int tokens = BenchArguments.Int(values, "tokens", 256), rounds = BenchArguments.Int(values, "rounds", 7);
        int[] streams = values.GetValueOrDefault("streams", "1,4,16").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        string flashAttention = values.GetValueOrDefault("flash-attention", "auto");
        int repeat = BenchArguments.Int(values, "prompt-repeat", 1); // the prompt text this many times: longer prompts, same generation
        string prompt = string.Join(' ', Enumerable.Repeat(Prompt, Math.Max(1, repeat)));
        var root = BenchOptions.Parse([]).RepoRoot;
        string model = Path.GetFullPath(values.GetValueOrDefault("model", Path.Combine(root, "..", "shared", "models", "stories260K.gguf")));
        var machine = MachineInfo.Read();
        var clock = Stopwatch.StartNew();
        Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}; {Path.GetFileName(model)}, {threads} thread(s), FA {flashAttention}");

        string tool = await LlamaBatchedBench.EnsureBuiltAsync(root, cancellationToken);
        var options = new EngineOptions { DefaultModel = "", Threads = threads, ContextSize = ctx, ParallelSequences = streams.Max(), FlashAttention = flashAttention };
        await using var engine = new LlamaEngine(options);
        await engine.LoadModelAsync(model, null, cancellationToken);
        int promptTokens = (await engine.TokenizeAsync(prompt, addSpecial: true, parseSpecial: true, cancellationToken)).Count;

        Task<IReadOnlyList<BatchedBenchRow>> Theirs() =>
            LlamaBatchedBench.RunAsync(tool, model, promptTokens, tokens, streams, threads, ctx, options.BatchSize, flashAttention, cancellationToken);
        async Task<List<StreamsRun>> Ours()
        {
            var runs = new List<StreamsRun>();
            foreach (int b in streams) runs.Add(await StreamsRun.MeasureAsync(engine, Request(prompt, tokens), b, promptTokens, cancellationToken));
            return runs;
        }

        await Theirs(); // warm-up of both sides
        await Ours();
        var rows = new List<(IReadOnlyList<BatchedBenchRow> Theirs, List<StreamsRun> Ours)>();
        for (int round = 1; round <= rounds; round++)
        {
            IReadOnlyList<BatchedBenchRow> theirs;
            List<StreamsRun> ours;
            if (round % 2 == 1) { theirs = await Theirs(); ours = await Ours(); }
            else { ours = await Ours(); theirs = await Theirs(); }
            rows.Add((theirs, ours));
            Console.WriteLine($"  round {round}/{rounds} (load {MachineInfo.LoadAverageNow()}): " + string.Join("; ", streams.Select((b, i) =>
                $"B={b} ours {ours[i].SteadyTokensPerSecond:F0} vs {theirs.First(r => r.Streams == b).GenerationTokensPerSecond:F0} tok/s")));
        }

        string markdown = Report(machine, model, threads, ctx, tokens, promptTokens, repeat, flashAttention, options.BatchSize, streams, rows, clock.Elapsed);
        if (values.GetValueOrDefault("out") is { } output)
        {
            string key = $"batched-threads-{threads}" + (flashAttention == "auto" ? "" : $"-fa-{flashAttention}") + (repeat > 1 ? $"-prompt-x{repeat}" : "")
                + (Path.GetFileName(model) == "stories260K.gguf" ? "" : $"-{Path.GetFileNameWithoutExtension(model)}");
            PerformanceDocument.WriteSection(Path.GetFullPath(output), key, markdown, area: "issue-10");
            Console.WriteLine($"Wrote {output}");
        }
        else Console.WriteLine(markdown);
        return 0;
    }

    /// <summary>Greedy, every other sampler off, end-of-generation banned: every stream makes exactly <paramref name="tokens"/>
    /// tokens, as llama-batched-bench's TG steps.</summary>
    private static GenerationRequest Request(string prompt, int tokens) => new()
    {
        Prompt = prompt,
        MaxTokens = tokens,
        Sampling = new SamplingOptions { Temperature = 0, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1, IgnoreEos = true },
    };

    private static string Report(MachineInfo machine, string model, int threads, int ctx, int tokens, int promptTokens, int repeat, string flashAttention, int batchSize,
        int[] streams, List<(IReadOnlyList<BatchedBenchRow> Theirs, List<StreamsRun> Ours)> rows, TimeSpan took)
    {
        string F(double v) => v.ToString("N0", CultureInfo.InvariantCulture);
        string R(double v) => v.ToString("0.00", CultureInfo.InvariantCulture);
        var text = new StringBuilder();
        text.AppendLine($"### Concurrent streams vs llama-batched-bench: {Path.GetFileName(model)}, {threads} thread(s){(flashAttention == "auto" ? "" : $", flash attention {flashAttention}")}, {promptTokens}-token prompts");
        text.AppendLine();
        text.AppendLine($"Command: `dotnet run --project bench/Workbench.Bench -c Release -- batched --model {Path.GetFileName(model)} --threads {threads} --tokens {tokens} --streams {string.Join(',', streams)} --rounds {rows.Count}{(repeat > 1 ? $" --prompt-repeat {repeat}" : "")}{(flashAttention == "auto" ? "" : $" --flash-attention {flashAttention}")} --out docs/PERFORMANCE.md`");
        text.AppendLine();
        text.AppendLine($"Measured {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC on {machine.Cpu}, {machine.Cores} cores, load before {machine.LoadAverage} / after {MachineInfo.LoadAverageNow()} (run took {took.TotalMinutes:F1} min). " +
            $"{Path.GetFileName(model)}, {threads} llama.cpp thread(s), {ctx} cells per sequence, n_seq_max {streams.Max()}, n_batch = n_ubatch = {batchSize}, flash attention {flashAttention}; " +
            $"a {promptTokens}-token prompt per stream, {tokens} tokens each (greedy, `ignore_eos`). {rows.Count} rounds after a warm-up; each round runs both sides, in alternating order. Medians.");
        text.AppendLine();
        text.AppendLine("| B | engine steady tok/s | llama-batched-bench S_TG tok/s | **ratio** (median of rounds) | engine first→last tok/s (ratio) | engine incl. prompts tok/s | batched-bench S tok/s | ratio incl. prompts |");
        text.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int i = 0; i < streams.Length; i++)
        {
            int b = streams[i];
            var ours = rows.Select(r => r.Ours[i]).ToList();
            var theirs = rows.Select(r => r.Theirs.First(t => t.Streams == b)).ToList();
            double Median(IEnumerable<double> xs) => BenchArguments.Percentile(xs, 50);
            double steadyRatio = Median(rows.Select(r => r.Ours[i].SteadyTokensPerSecond / r.Theirs.First(t => t.Streams == b).GenerationTokensPerSecond));
            double spanRatio = Median(rows.Select(r => r.Ours[i].SpanTokensPerSecond / r.Theirs.First(t => t.Streams == b).GenerationTokensPerSecond));
            double totalRatio = Median(rows.Select(r => r.Ours[i].TotalTokensPerSecond / r.Theirs.First(t => t.Streams == b).TotalTokensPerSecond));
            text.AppendLine($"| {b} | {F(Median(ours.Select(o => o.SteadyTokensPerSecond)))} | {F(Median(theirs.Select(t => t.GenerationTokensPerSecond)))} | **{R(steadyRatio)}×** | " +
                $"{F(Median(ours.Select(o => o.SpanTokensPerSecond)))} ({R(spanRatio)}×) | {F(Median(ours.Select(o => o.TotalTokensPerSecond)))} | {F(Median(theirs.Select(t => t.TotalTokensPerSecond)))} | {R(totalRatio)}× |");
        }
        text.AppendLine();
        text.AppendLine("Engine steady: tokens the B streams received while all B were generating (from the last stream's first token to the first stream's last token) / that time — " +
            "the engine's counterpart of llama-batched-bench's TG phase (B · TG / t_tg: every step one token per sequence, no sampling). " +
            "First→last: Σ (tokens − 1) / time from the earliest first token to the latest last token (the foundation bench's aggregate; it also counts the decodes of prompts admitted later and the steps with fewer than B streams). " +
            "Incl. prompts: B · (prompt + generated tokens) / wall time from starting the requests, against llama-batched-bench's S = B · (PP + TG) / (t_pp + t_tg).");
        return text.ToString();
    }
}
