using System.Globalization;
using System.Text;

namespace Workbench.Bench;

/// <summary>Writes docs/PERFORMANCE.md's benchmark section (Markdown tables, targets with MET/MISSED).</summary>
internal static class ReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Write(BenchOptions options, MachineInfo machine, IReadOnlyList<ModelReport> reports, string loadAfter, TimeSpan elapsed)
    {
        var md = new StringBuilder();
        md.AppendLine(Inv, $"## Foundation benchmark, {options.Threads} thread{(options.Threads == 1 ? "" : "s")}{(options.FlashAttention == "auto" ? "" : $", flash attention {options.FlashAttention}")}").AppendLine();
        md.AppendLine(Inv, $"Command: `dotnet run --project bench/Workbench.Bench -c Release -- --model {string.Join(',', reports.Select(r => Path.GetFileName(r.ModelPath)))} --threads {options.Threads}{(options.FlashAttention == "auto" ? "" : $" --flash-attention {options.FlashAttention}")} --tokens {options.Tokens} --repeats {options.Repeats} --out docs/PERFORMANCE.md`").AppendLine();
        md.AppendLine("| machine | |").AppendLine("|---|---|");
        md.AppendLine(Inv, $"| date (UTC) | {DateTime.UtcNow:yyyy-MM-dd HH:mm} (run took {elapsed.TotalMinutes:F1} min) |");
        md.AppendLine(Inv, $"| CPU | {machine.Cpu} |");
        md.AppendLine(Inv, $"| cores | {machine.Cores} |");
        md.AppendLine(Inv, $"| RAM | {machine.Memory} |");
        md.AppendLine(Inv, $"| OS, runtime | {machine.Os}, {machine.Runtime} |");
        md.AppendLine(Inv, $"| load average (1/5/15 min) before / after | {machine.LoadAverage} / {loadAfter} |");
        md.AppendLine(Inv, $"| llama.cpp threads, n_ctx per sequence, flash attention | {options.Threads}, {options.ContextSize}, {options.FlashAttention} |");
        md.AppendLine(Inv, $"| repeats | 1 warm-up + {options.Repeats} measured per cell; medians shown |").AppendLine();

        foreach (var report in reports) WriteModel(md, options, report);
        return md.ToString();
    }

    private static void WriteModel(StringBuilder md, BenchOptions options, ModelReport r)
    {
        var m = r.Model;
        md.AppendLine(Inv, $"### {Path.GetFileName(r.ModelPath)}").AppendLine();
        if (m is not null)
            md.AppendLine(Inv, $"{m.Architecture}, {m.ParameterCount:N0} parameters, {m.FileType}, {m.SizeInBytes:N0} bytes, {m.LayerCount} layers, n_embd {m.EmbeddingLength}, vocab {m.VocabSize}.");
        if (r.GenerationPrompt is not null && r.LongPrompt is not null)
            md.AppendLine(Inv, $"Generation: system + user message rendered with the chat template ({r.GenerationPrompt.TokenIds.Count} prompt tokens), greedy, " +
                $"{Math.Min(options.Tokens, r.GreedyLength)} tokens (user message: \"{r.GenerationPrompt.User}\"). Prompt throughput: a {r.LongPrompt.TokenIds.Count}-token prompt, 1 token generated.");
        md.AppendLine();

        md.AppendLine("#### Single stream").AppendLine();
        md.AppendLine("| part | generation tok/s | µs/token | overhead vs in-process µs/token | time to first token ms | prompt tok/s (client) | prompt tok/s (engine timings) | tokens |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        double baseline = r.InProcess.Measured ? r.InProcess.MedianPerTokenUs : double.NaN;
        foreach (var part in new[] { r.InProcess, r.Peer, r.WorkerHttp, r.WebHttp, r.SignalR })
        {
            if (!part.Measured) { md.AppendLine(Inv, $"| {part.Name} | not measured ({part.Note}) | | | | | | |"); continue; }
            string overhead = ReferenceEquals(part, r.InProcess) ? "—" : F(part.MedianPerTokenUs - baseline, 1, signed: true);
            md.AppendLine(Inv, $"| {part.Name} | {F(part.MedianGenerationTps, 0)} | {F(part.MedianPerTokenUs, 1)} | {overhead} | {F(part.MedianTtftMs, 2)} | {F(part.MedianPromptTps, 0)} | {F(part.MedianServerPromptTps, 0)} | {part.MedianCompletionTokens} |");
        }
        md.AppendLine();
        md.AppendLine("µs/token: client-side time from the first to the last token / (tokens − 1). Time to first token: from sending the request " +
            "to the first token's arrival (short prompt). Prompt tok/s (client): long-prompt tokens / its time to first token. Overhead: the part's µs/token " +
            "minus the in-process engine's (negative = within noise).").AppendLine();
        if (!string.IsNullOrEmpty(r.PeerDescription)) md.AppendLine(Inv, $"Peer: {r.PeerDescription}; tokens given as ids, `sequence.evaluate(tokens, {{temperature: 0}})`.").AppendLine();
        md.AppendLine(Inv, $"Same greedy tokens: {CompareTokens(r)}.").AppendLine();

        md.AppendLine("#### Concurrent streams (in-process engine, continuous batching)").AppendLine();
        if (r.Concurrency.Count == 0) md.AppendLine(Inv, $"Not measured ({r.ConcurrencyNote ?? "no result"}).").AppendLine();
        else
        {
            int nSeq = Math.Max(16, r.Concurrency.Max(c => c.Streams));
            md.AppendLine(Inv, $"Engine with ParallelSequences = {nSeq}; every stream the generation prompt above, {options.Tokens} tokens.").AppendLine();
            md.AppendLine("| streams | aggregate generation tok/s | × one stream | aggregate incl. prompts tok/s | per-stream tok/s | time to first token ms | node-llama-cpp aggregate tok/s (× its one stream) |").AppendLine("|---:|---:|---:|---:|---:|---:|---:|");
            double peerOne = r.Concurrency.FirstOrDefault(c => c.Streams == 1)?.PeerAggregateTokensPerSecond ?? double.NaN;
            double one = r.Concurrency.FirstOrDefault(c => c.Streams == 1)?.AggregateTokensPerSecond ?? double.NaN;
            foreach (var c in r.Concurrency)
                md.AppendLine(Inv, $"| {c.Streams} | {F(c.AggregateTokensPerSecond, 0)} | {F(c.AggregateTokensPerSecond / one, 2)} | {F(c.WallTokensPerSecond, 0)} | {F(c.PerStreamTokensPerSecond, 0)} | {F(c.TtftMs, 1)} | {F(c.PeerAggregateTokensPerSecond, 0)} ({F(c.PeerAggregateTokensPerSecond / peerOne, 2)}) |");
            md.AppendLine().AppendLine("Aggregate generation: Σ (tokens − 1) over the streams / time from the earliest first token to the latest last token. " +
                "Incl. prompts: all tokens / wall time from starting the requests to the last token. All streams are started at once. " +
                "node-llama-cpp: the same measurement with a context of as many sequences, for comparison.").AppendLine();
        }

        md.AppendLine("#### Targets").AppendLine();
        md.AppendLine("| target | measured | verdict |").AppendLine("|---|---|---|");
        if (r.InProcess.Measured && r.Peer.Measured)
        {
            double gen = r.InProcess.MedianGenerationTps / r.Peer.MedianGenerationTps;
            double prompt = r.InProcess.MedianPromptTps / r.Peer.MedianPromptTps;
            md.AppendLine(Inv, $"| engine ≥ 0.97 × node-llama-cpp (generation tok/s) | {gen:F3} × ({F(r.InProcess.MedianGenerationTps, 0)} vs {F(r.Peer.MedianGenerationTps, 0)}) | {Verdict(gen >= 0.97)} |");
            md.AppendLine(Inv, $"| engine ≥ 0.97 × node-llama-cpp (prompt tok/s) | {prompt:F3} × ({F(r.InProcess.MedianPromptTps, 0)} vs {F(r.Peer.MedianPromptTps, 0)}) | {Verdict(prompt >= 0.97)} |");
        }
        else md.AppendLine("| engine ≥ 0.97 × node-llama-cpp | not measured | — |");
        var c1 = r.Concurrency.FirstOrDefault(c => c.Streams == 1);
        var c16 = r.Concurrency.FirstOrDefault(c => c.Streams == 16);
        if (c1 is not null && c16 is not null)
        {
            double x = c16.AggregateTokensPerSecond / c1.AggregateTokensPerSecond;
            md.AppendLine(Inv, $"| 16 streams ≥ 5 × one stream (aggregate) | {x:F2} × ({F(c16.AggregateTokensPerSecond, 0)} vs {F(c1.AggregateTokensPerSecond, 0)} tok/s) | {Verdict(x >= 5)} |");
        }
        else md.AppendLine("| 16 streams ≥ 5 × one stream | not measured | — |");
        if (r.SignalR.Measured && r.InProcess.Measured)
        {
            double overhead = r.SignalR.MedianPerTokenUs - baseline;
            md.AppendLine(Inv, $"| SignalR overhead < 50 µs/token | {overhead:F1} µs/token ({F(r.SignalR.MedianPerTokenUs, 1)} − {F(baseline, 1)}) | {Verdict(overhead < 50)} |");
        }
        else md.AppendLine(Inv, $"| SignalR overhead < 50 µs/token | not measured ({r.SignalR.Note}) | — |");
        md.AppendLine();
        foreach (string note in r.Notes) md.AppendLine(Inv, $"- {note}");
        if (r.Notes.Count > 0) md.AppendLine();
    }

    private static string CompareTokens(ModelReport r)
    {
        var reference = r.InProcess.Generation.FirstOrDefault()?.TokenIds;
        if (reference is null) return "not compared";
        var parts = new List<string>();
        foreach (var part in new[] { r.Peer, r.SignalR })
        {
            var ids = part.Generation.FirstOrDefault()?.TokenIds;
            if (ids is null) continue;
            int n = Math.Min(ids.Count, reference.Count), i = 0;
            while (i < n && ids[i] == reference[i]) i++;
            parts.Add(i == n && ids.Count == reference.Count
                ? $"{part.Name} = in-process ({n} tokens identical)"
                : $"{part.Name} differs from in-process at token {i} of {reference.Count}");
        }
        return parts.Count == 0 ? "not compared" : string.Join("; ", parts);
    }

    private static string Verdict(bool met) => met ? "**MET**" : "**MISSED**";

    private static string F(double value, int digits, bool signed = false)
    {
        if (double.IsNaN(value) || double.IsInfinity(value)) return "—";
        string format = digits == 0 ? "#,0" : "#,0." + new string('0', digits);
        return value.ToString(signed ? $"+{format};-{format};0" : format, Inv);
    }
}
