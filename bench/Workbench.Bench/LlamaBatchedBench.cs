using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Bench;

/// <summary>One row of <c>llama-batched-bench --output-format jsonl</c>: B sequences, each a prompt of PP random tokens
/// decoded at once (timed as t_pp), then TG steps of one token per sequence (timed as t_tg). No sampling, no logits read.</summary>
/// <param name="Streams">B (<c>pl</c>): sequences decoded together.</param>
/// <param name="GenerationTokensPerSecond"><c>speed_tg</c> = B · TG / t_tg.</param>
/// <param name="TotalTokensPerSecond"><c>speed</c> = B · (PP + TG) / (t_pp + t_tg).</param>
internal sealed record BatchedBenchRow(int Streams, double GenerationTokensPerSecond, double TotalTokensPerSecond);

/// <summary>
/// Builds (once, with <c>bench/batched-bench/build.sh</c>) and runs llama.cpp's own <c>llama-batched-bench</c>, compiled
/// from the source of our natives (node-llama-cpp 3.22.1's bundle, llama.cpp v0.5.0) against the same npm libraries.
/// </summary>
internal static class LlamaBatchedBench
{
    /// <summary>Path of the built tool, building it first when missing.</summary>
    /// <exception cref="InvalidOperationException">The build script failed.</exception>
    public static async Task<string> EnsureBuiltAsync(string repoRoot, CancellationToken cancellationToken)
    {
        string binary = Path.Combine(repoRoot, "bench", "batched-bench", "out", "llama-batched-bench");
        if (File.Exists(binary)) return binary;
        Console.WriteLine("  building llama-batched-bench (bench/batched-bench/build.sh)");
        var (code, output) = await RunAsync("bash", [Path.Combine(repoRoot, "bench", "batched-bench", "build.sh")], cancellationToken);
        if (code != 0 || !File.Exists(binary)) throw new InvalidOperationException($"bench/batched-bench/build.sh failed ({code}): {output}");
        return binary;
    }

    /// <summary>Runs the tool once for every B in <paramref name="streams"/> (one process, so one context of
    /// n_seq_max = max B and n_ctx = <paramref name="contextPerSequence"/> · max B, as the engine's).</summary>
    /// <param name="binary">From <see cref="EnsureBuiltAsync"/>.</param>
    /// <param name="model">GGUF path.</param>
    /// <param name="promptTokens">PP.</param>
    /// <param name="tokens">TG.</param>
    /// <param name="streams">The B values.</param>
    /// <param name="threads">llama.cpp threads (<c>-t</c>, <c>-tb</c>).</param>
    /// <param name="contextPerSequence">Cells per sequence (the engine's <c>ContextSize</c>).</param>
    /// <param name="batchSize">n_batch and n_ubatch (the engine's <c>BatchSize</c>).</param>
    /// <param name="flashAttention"><c>auto</c>, <c>enabled</c> or <c>disabled</c>.</param>
    /// <param name="cancellationToken">Stops the wait (the process is killed).</param>
    /// <exception cref="InvalidOperationException">The tool failed or printed no row for a B.</exception>
    public static async Task<IReadOnlyList<BatchedBenchRow>> RunAsync(string binary, string model, int promptTokens, int tokens, IReadOnlyList<int> streams,
        int threads, int contextPerSequence, int batchSize, string flashAttention, CancellationToken cancellationToken)
    {
        // llama.cpp's common log writes from its own thread and often loses the last row at exit: every run ends with
        // a spare B = 1 row (only each B's first row is used), and a run that still lost a row is repeated.
        for (int attempt = 1; ; attempt++)
        {
            try { return await RunOnceAsync(binary, model, promptTokens, tokens, streams, threads, contextPerSequence, batchSize, flashAttention, cancellationToken); }
            catch (MissingRowException) when (attempt < 3) { Console.WriteLine("  llama-batched-bench lost a row; running it again"); }
        }
    }

    private sealed class MissingRowException(string message) : InvalidOperationException(message);

    private static async Task<IReadOnlyList<BatchedBenchRow>> RunOnceAsync(string binary, string model, int promptTokens, int tokens, IReadOnlyList<int> streams,
        int threads, int contextPerSequence, int batchSize, string flashAttention, CancellationToken cancellationToken)
    {
        string fa = flashAttention switch { "enabled" => "on", "disabled" => "off", _ => "auto" };
        string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
        string[] args =
        [
            "-m", model, "-c", Invariant(contextPerSequence * streams.Max()), "-b", Invariant(batchSize), "-ub", Invariant(batchSize),
            "-npp", Invariant(promptTokens), "-ntg", Invariant(tokens), "-npl", string.Join(',', streams.Append(1).Select(Invariant)), // + a spare last row: see RunAsync
            "-t", Invariant(threads), "-tb", Invariant(threads), "-fa", fa, "--output-format", "jsonl",
        ];
        var (code, output) = await RunAsync(binary, args, cancellationToken);
        if (code != 0) throw new InvalidOperationException($"llama-batched-bench exited with {code}: {output}");
        var rows = new List<BatchedBenchRow>();
        foreach (string line in output.Split('\n'))
        {
            if (!line.StartsWith("{\"n_kv_max\"", StringComparison.Ordinal)) continue;
            try
            {
                using var json = JsonDocument.Parse(line);
                var root = json.RootElement;
                rows.Add(new BatchedBenchRow(root.GetProperty("pl").GetInt32(), root.GetProperty("speed_tg").GetDouble(), root.GetProperty("speed").GetDouble()));
            }
            catch (Exception ex) when (ex is JsonException or KeyNotFoundException) { } // a row cut short: reported as missing below
        }
        foreach (int b in streams)
            if (!rows.Any(r => r.Streams == b)) throw new MissingRowException($"llama-batched-bench printed no row for B={b}: {output}");
        return rows;
    }

    private static async Task<(int Code, string Output)> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        string err = await stderr;
        return (process.ExitCode, await stdout + (process.ExitCode == 0 ? "" : err[^Math.Min(err.Length, 2000)..]));
    }
}
