using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workbench.Bench;

/// <summary>
/// llama.cpp's own <c>llama-quantize</c>, <c>llama-perplexity</c> and <c>llama-bench</c>, built from the source of our
/// natives (node-llama-cpp 3.22.1's bundle, llama.cpp v0.5.0) against the same npm libraries by
/// <c>tests/reference/llama-tools/build.sh</c> (idempotent; output in its ignored <c>out/</c> folder), run as child
/// processes and timed from the bench (wall time includes starting the process and loading the libraries).
/// </summary>
internal static partial class LlamaReferenceTools
{
    /// <summary>The folder holding the built tools, building them first when one is missing.</summary>
    /// <param name="repoRoot">The repository root.</param>
    /// <param name="cancellationToken">Stops the build (the process is killed).</param>
    /// <exception cref="InvalidOperationException">The build script failed.</exception>
    public static async Task<string> EnsureBuiltAsync(string repoRoot, CancellationToken cancellationToken)
    {
        string script = Path.Combine(repoRoot, "tests", "reference", "llama-tools", "build.sh");
        var run = await RunAsync("bash", [script], cancellationToken);
        string folder = run.Output.Trim().Split('\n')[^1].Trim();
        if (run.ExitCode != 0 || !File.Exists(Path.Combine(folder, "llama-bench")))
            throw new InvalidOperationException($"{script} failed ({run.ExitCode}): {run.Output}");
        return folder;
    }

    /// <summary>One finished process: exit code, stdout + stderr, and wall seconds from start to exit.</summary>
    public sealed record ToolRun(int ExitCode, string Output, double Seconds);

    /// <summary>Runs <paramref name="file"/> to completion.</summary>
    /// <exception cref="OperationCanceledException">Cancelled (the process is killed).</exception>
    public static async Task<ToolRun> RunAsync(string file, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string arg in args) start.ArgumentList.Add(arg);
        long started = Stopwatch.GetTimestamp();
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try { await process.WaitForExitAsync(cancellationToken); }
        catch (OperationCanceledException) { process.Kill(entireProcessTree: true); throw; }
        double seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        return new ToolRun(process.ExitCode, await stdout + await stderr, seconds);
    }

    /// <summary><c>llama-quantize SOURCE OUTPUT TYPE THREADS</c>: its wall time and the "quantize time" it prints (ms → s).</summary>
    /// <exception cref="InvalidOperationException">It exited non-zero.</exception>
    public static async Task<(double WallSeconds, double? OwnSeconds)> QuantizeAsync(string folder, string source, string output, string type, int threads,
        CancellationToken cancellationToken)
    {
        var run = await RunAsync(Path.Combine(folder, "llama-quantize"), [source, output, type, Invariant(threads)], cancellationToken);
        if (run.ExitCode != 0) throw new InvalidOperationException($"llama-quantize exited with {run.ExitCode}: {Tail(run.Output)}");
        Match own = QuantizeTimeLine().Match(run.Output);
        return (run.Seconds, own.Success ? double.Parse(own.Groups[1].Value, CultureInfo.InvariantCulture) / 1000 : null);
    }

    /// <summary>What <c>llama-perplexity -m MODEL -f TEXT -c N_CTX -t THREADS</c> printed, and its wall time.</summary>
    /// <param name="Perplexity">"Final estimate: PPL = x".</param>
    /// <param name="Sequences">n_seq: chunks it decodes in one batch (n_batch 2048 / n_ctx).</param>
    /// <param name="Seconds">Wall time of the process.</param>
    public sealed record PerplexityRun(double Perplexity, int Sequences, double Seconds);

    /// <summary>Runs llama-perplexity. llama.cpp's tools print through common_log's worker thread, which on a loaded
    /// machine can lose the last lines at exit: a run without the final estimate is repeated (up to 3 times).</summary>
    /// <exception cref="InvalidOperationException">It failed or never printed the final estimate.</exception>
    public static async Task<PerplexityRun> PerplexityAsync(string folder, string model, string textFile, int contextSize, int threads,
        CancellationToken cancellationToken)
    {
        ToolRun? run = null;
        for (int attempt = 0; attempt < 3; attempt++)
        {
            run = await RunAsync(Path.Combine(folder, "llama-perplexity"),
                ["-m", model, "-f", textFile, "-c", Invariant(contextSize), "-t", Invariant(threads)], cancellationToken);
            if (run.ExitCode != 0) throw new InvalidOperationException($"llama-perplexity exited with {run.ExitCode}: {Tail(run.Output)}");
            Match final = FinalLine().Match(run.Output), layout = LayoutLine().Match(run.Output);
            if (final.Success)
                return new PerplexityRun(double.Parse(final.Groups[1].Value, CultureInfo.InvariantCulture),
                    layout.Success ? int.Parse(layout.Groups[1].Value, CultureInfo.InvariantCulture) : 0, run.Seconds);
        }
        throw new InvalidOperationException($"llama-perplexity printed no final estimate in 3 runs: {Tail(run!.Output)}");
    }

    /// <summary>One test of <c>llama-bench -o jsonl</c>: a pp (prompt of <c>n_prompt</c> tokens in one batch) or tg
    /// (<c>n_gen</c> single-token decodes) test of one model, averaged over its repetitions.</summary>
    /// <param name="Model">The model file name.</param>
    /// <param name="IsPrompt">pp (true) or tg (false).</param>
    /// <param name="TokensPerSecond"><c>avg_ts</c>: mean over the repetitions of tokens / seconds.</param>
    /// <param name="StdDev"><c>stddev_ts</c>.</param>
    public sealed record BenchRow(string Model, bool IsPrompt, double TokensPerSecond, double StdDev);

    /// <summary><c>llama-bench -m A,B,… -p P -n G -t THREADS -r REPS -o jsonl</c> (one process for every model). Its
    /// rows are printed with printf, not common_log; a run missing a row is repeated (up to 3 times).</summary>
    /// <exception cref="InvalidOperationException">It failed or printed no row for a model.</exception>
    public static async Task<IReadOnlyList<BenchRow>> BenchAsync(string folder, IReadOnlyList<string> models, int promptTokens, int generatedTokens,
        int threads, int repetitions, CancellationToken cancellationToken)
    {
        string[] args = ["-m", string.Join(',', models), "-p", Invariant(promptTokens), "-n", Invariant(generatedTokens),
            "-t", Invariant(threads), "-r", Invariant(repetitions), "-o", "jsonl"];
        for (int attempt = 1; ; attempt++)
        {
            var run = await RunAsync(Path.Combine(folder, "llama-bench"), args, cancellationToken);
            if (run.ExitCode != 0) throw new InvalidOperationException($"llama-bench exited with {run.ExitCode}: {Tail(run.Output)}");
            var rows = new List<BenchRow>();
            foreach (string line in run.Output.Split('\n'))
            {
                if (!line.StartsWith('{')) continue;
                try
                {
                    using var json = JsonDocument.Parse(line);
                    var root = json.RootElement;
                    rows.Add(new BenchRow(Path.GetFileName(root.GetProperty("model_filename").GetString()!), root.GetProperty("n_prompt").GetInt32() > 0,
                        root.GetProperty("avg_ts").GetDouble(), root.GetProperty("stddev_ts").GetDouble()));
                }
                catch (Exception ex) when (ex is JsonException or KeyNotFoundException) { } // a line cut short: counted as missing below
            }
            bool complete = models.All(m => rows.Any(r => r.Model == Path.GetFileName(m) && r.IsPrompt) && rows.Any(r => r.Model == Path.GetFileName(m) && !r.IsPrompt));
            if (complete) return rows;
            if (attempt == 3) throw new InvalidOperationException($"llama-bench printed no row for some model in 3 runs: {Tail(run.Output)}");
        }
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Tail(string text) => text[^Math.Min(text.Length, 2000)..];

    [GeneratedRegex(@"quantize time =\s*([0-9.]+) ms")]
    private static partial Regex QuantizeTimeLine();

    [GeneratedRegex(@"Final estimate: PPL = ([0-9.]+) \+/- ([0-9.]+)")]
    private static partial Regex FinalLine();

    [GeneratedRegex(@"calculating perplexity over \d+ chunks, n_ctx=\d+, batch_size=\d+, n_seq=(\d+)")]
    private static partial Regex LayoutLine();
}
