using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Bench;

/// <summary>(d) node-llama-cpp 3.22.1 on the same libllama: runs bench/peer/bench.mjs and reads its JSON.</summary>
internal static class PeerRunner
{
    /// <summary>Installs bench/peer (npm ci from the lockfile, prebuilt CPU binaries, no scripts) when needed.</summary>
    public static async Task EnsureInstalledAsync(string peerDirectory, CancellationToken cancellationToken)
    {
        if (File.Exists(Path.Combine(peerDirectory, "node_modules", "node-llama-cpp", "package.json"))) return;
        Console.WriteLine("  npm ci in bench/peer ...");
        var (code, output) = await RunAsync("npm", ["ci", "--ignore-scripts", "--omit=optional", "--no-audit", "--no-fund"], peerDirectory, cancellationToken);
        if (code != 0) throw new InvalidOperationException($"npm ci failed in {peerDirectory}:\n{output}");
    }

    /// <summary>Runs the peer in a new node process: model load, one warm-up and <paramref name="repeats"/> measured runs of <paramref name="prompt"/>.</summary>
    public static async Task<(IReadOnlyList<StreamMeasurement> Runs, string Description)> MeasureAsync(string peerDirectory, BenchOptions options,
        BenchPrompt prompt, int maxTokens, int repeats, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "bench.mjs",
            "--model", options.ModelPath,
            "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
            "--ctx", options.ContextSize.ToString(CultureInfo.InvariantCulture),
            "--batch", "512",
            "--flash-attention", options.FlashAttention,
            "--tokens", maxTokens.ToString(CultureInfo.InvariantCulture),
            "--repeats", repeats.ToString(CultureInfo.InvariantCulture),
            "--prompt-tokens", string.Join(',', prompt.TokenIds),
        ];
        var (code, output) = await RunAsync("node", args, peerDirectory, cancellationToken);
        string? json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || json is null) throw new InvalidOperationException($"The peer failed ({code}):\n{output}");

        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var runs = root.GetProperty("runs").EnumerateArray().Select(r => new StreamMeasurement(
            r.GetProperty("prompt_n").GetInt32(),
            r.GetProperty("predicted_n").GetInt32(),
            r.GetProperty("ttft_ms").GetDouble(),
            r.GetProperty("predicted_ms").GetDouble(),
            null,
            r.GetProperty("tokens").EnumerateArray().Select(t => t.GetInt32()).ToArray())).ToArray();
        string description = $"node-llama-cpp {root.GetProperty("version").GetString()} ({root.GetProperty("build").GetString()} binaries, " +
            $"gpu {root.GetProperty("gpu")}, n_ctx {root.GetProperty("context_size")})";
        return (runs, description);
    }

    /// <summary>Aggregate generation tok/s of node-llama-cpp with each stream count at once (context of max(streams) sequences).</summary>
    public static async Task<IReadOnlyDictionary<int, double>> MeasureConcurrencyAsync(string peerDirectory, BenchOptions options,
        BenchPrompt prompt, CancellationToken cancellationToken)
    {
        string[] args =
        [
            "bench.mjs",
            "--model", options.ModelPath,
            "--threads", options.Threads.ToString(CultureInfo.InvariantCulture),
            "--ctx", options.ContextSize.ToString(CultureInfo.InvariantCulture),
            "--batch", "512",
            "--flash-attention", options.FlashAttention,
            "--tokens", options.Tokens.ToString(CultureInfo.InvariantCulture),
            "--repeats", options.Repeats.ToString(CultureInfo.InvariantCulture),
            "--streams", string.Join(',', options.Concurrency),
            "--prompt-tokens", string.Join(',', prompt.TokenIds),
        ];
        var (code, output) = await RunAsync("node", args, peerDirectory, cancellationToken);
        string? json = output.Split('\n').LastOrDefault(l => l.StartsWith('{'));
        if (code != 0 || json is null) throw new InvalidOperationException($"The peer failed ({code}):\n{output}");
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("concurrency").EnumerateArray()
            .ToDictionary(c => c.GetProperty("streams").GetInt32(), c => c.GetProperty("aggregate_tps").GetDouble());
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string[] args, string directory, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string a in args) info.ArgumentList.Add(a);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await stdout + await stderr);
    }
}
