using System.Diagnostics;
using Workbench.Engine;
using Workbench.Engine.Inference;

namespace Workbench.Bench;

/// <summary>Runs every part for one model. The single-stream parts are measured round-robin (one run of each part
/// per round, each part warmed up first), so a change in machine load during the run affects them alike; the
/// worker and the web app are started first and sit idle while another part runs. Concurrency runs last, alone.</summary>
internal sealed class ModelBench(BenchOptions options, Func<CancellationToken, Task<string>> webAppHost)
{
    private const string PeerName = "node-llama-cpp 3.22.1 (same libllama)";
    private const string WorkerName = "HTTP/SSE on the worker (--engine-worker)";
    private const string WebName = "HTTP/SSE via the web app's /v1 proxy";
    private const string HubName = "SignalR hub /hubs/generation (web app)";

    public async Task<ModelReport> RunAsync(CancellationToken cancellationToken)
    {
        Console.WriteLine($"== {Path.GetFileName(options.ModelPath)}: {options.Threads} threads, n_ctx {options.ContextSize}, {options.Tokens} tokens, {options.Repeats} repeats");
        var notMeasured = new Dictionary<string, string>();
        var parts = new List<IStreamTarget>();
        await using var resources = new ResourceStack();

        // (a) in-process, one sequence (as the peer's one sequence); it also picks the prompts.
        var engine = new LlamaEngine(EngineOptionsFor(parallelSequences: 1));
        resources.Push(engine);
        var model = await engine.LoadModelAsync(options.ModelPath, null, cancellationToken);
        var (generation, greedyLength) = await PromptSelector.SelectGenerationPromptAsync(engine, options.Tokens, cancellationToken);
        var longPrompt = await PromptSelector.BuildLongPromptAsync(engine, Math.Min(512, options.ContextSize * 3 / 4), cancellationToken);
        Console.WriteLine($"  prompts: generation {generation.TokenIds.Count} tokens (greedy reply {greedyLength} tokens), long {longPrompt.TokenIds.Count} tokens");
        parts.Add(new InProcessTarget(engine));

        // (b) the worker alone, (b) the web app's proxy and (c) its hub.
        await TryAsync("worker", WorkerName, notMeasured, async () =>
            {
                var worker = await AppProcess.StartAsync(await webAppHost(cancellationToken), worker: true, AppEnvironment(), options.RepoRoot, cancellationToken);
                resources.Push(worker);
                var http = new HttpClient { BaseAddress = worker.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
                resources.Push(http);
                parts.Add(new HttpSseTarget(http, WorkerName));
            });
        AppProcess? web = null;
        if (!options.Skip.Contains("web") || !options.Skip.Contains("signalr"))
        {
            await TryAsync("", "web app", notMeasured, async () =>
            {
                web = await AppProcess.StartAsync(await webAppHost(cancellationToken), worker: false, AppEnvironment(), options.RepoRoot, cancellationToken);
                resources.Push(web);
            });
            if (notMeasured.Remove("web app", out var why)) { notMeasured[WebName] = why; notMeasured[HubName] = why; }
        }
        if (web is not null)
        {
            await TryAsync("web", WebName, notMeasured, () =>
            {
                var http = new HttpClient { BaseAddress = web.BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
                resources.Push(http);
                parts.Add(new HttpSseTarget(http, WebName));
                return Task.CompletedTask;
            });
            await TryAsync("signalr", HubName, notMeasured, async () =>
            {
                var client = new SignalRJsonClient();
                resources.Push(client);
                await client.ConnectAsync(new Uri(web.BaseAddress, "hubs/generation"), cancellationToken);
                parts.Add(new SignalRTarget(client));
            });
        }
        else
        {
            if (options.Skip.Contains("web")) notMeasured[WebName] = "skipped with --skip web";
            if (options.Skip.Contains("signalr")) notMeasured[HubName] = "skipped with --skip signalr";
        }

        // (d) the peer, started once per round (node process, model load, warm-up, one measured run).
        string peerDirectory = Path.Combine(options.RepoRoot, "bench", "peer");
        bool peer = await TryAsync("peer", PeerName, notMeasured, () => PeerRunner.EnsureInstalledAsync(peerDirectory, cancellationToken));
        string peerDescription = "";

        var results = parts.ToDictionary(p => p.Name, _ => (Gen: new List<StreamMeasurement>(), Prompt: new List<StreamMeasurement>()));
        results[PeerName] = ([], []);
        foreach (var part in parts.ToArray())
        {
            if (!await TryAsync("", part.Name, notMeasured, () => part.RunAsync(generation, options.Tokens, cancellationToken))) parts.Remove(part);
        }
        for (int round = 1; round <= options.Repeats; round++)
        {
            Console.WriteLine($"  round {round}/{options.Repeats} (load {MachineInfo.LoadAverageNow()})");
            foreach (var part in parts.ToArray())
            {
                try
                {
                    results[part.Name].Gen.Add(await part.RunAsync(generation, options.Tokens, cancellationToken));
                    results[part.Name].Prompt.Add(await part.RunAsync(longPrompt, 1, cancellationToken));
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Console.WriteLine($"  {part.Name}: FAILED: {ex.Message}");
                    notMeasured[part.Name] = $"failed: {FirstLine(ex.Message)}";
                    parts.Remove(part);
                }
            }
            if (peer)
            {
                peer = await TryAsync("", PeerName, notMeasured, async () =>
                {
                    var (gen, description) = await PeerRunner.MeasureAsync(peerDirectory, options, generation, options.Tokens, 1, cancellationToken);
                    var (prompt, _) = await PeerRunner.MeasureAsync(peerDirectory, options, longPrompt, 1, 1, cancellationToken);
                    results[PeerName].Gen.AddRange(gen);
                    results[PeerName].Prompt.AddRange(prompt);
                    peerDescription = description;
                });
            }
        }

        PartResult Result(string name) => notMeasured.TryGetValue(name, out var reason) && results.GetValueOrDefault(name).Gen is not { Count: > 0 }
            ? PartResult.NotMeasured(name, reason)
            : results.TryGetValue(name, out var r) && r.Gen.Count > 0 ? Print(new PartResult(name, r.Gen, r.Prompt)) : PartResult.NotMeasured(name, "no result");

        var report = new ModelReport
        {
            ModelPath = options.ModelPath,
            Model = model,
            GenerationPrompt = generation,
            LongPrompt = longPrompt,
            GreedyLength = greedyLength,
            InProcess = Result(InProcessTarget.DefaultName),
            Peer = Result(PeerName),
            WorkerHttp = Result(WorkerName),
            WebHttp = Result(WebName),
            SignalR = Result(HubName),
            PeerDescription = peerDescription,
        };
        await resources.DisposeAsync(); // stop the worker and the web app before the concurrency runs

        if (options.Skip.Contains("concurrency")) return report with { ConcurrencyNote = "skipped with --skip concurrency" };
        try { return report with { Concurrency = await MeasureConcurrencyAsync(generation, cancellationToken) }; }
        catch (Exception ex) when (ex is not OperationCanceledException) { return report with { ConcurrencyNote = $"failed: {FirstLine(ex.Message)}" }; }
    }

    private static PartResult Print(PartResult r)
    {
        Console.WriteLine($"  {r.Name}: {r.MedianGenerationTps:F0} tok/s, {r.MedianPerTokenUs:F1} µs/token, TTFT {r.MedianTtftMs:F2} ms, prompt {r.MedianPromptTps:F0} tok/s");
        return r;
    }

    private EngineOptions EngineOptionsFor(int parallelSequences) => new()
    {
        DefaultModel = "",
        Threads = options.Threads,
        ContextSize = options.ContextSize,
        FlashAttention = options.FlashAttention,
        ParallelSequences = parallelSequences,
        ChatTemplate = "chatml",
    };

    /// <summary>The worker's settings (the web app passes its environment on to its worker): one sequence, as in-process.</summary>
    private Dictionary<string, string> AppEnvironment() => new()
    {
        ["Engine__DefaultModel"] = options.ModelPath,
        ["Engine__Threads"] = options.Threads.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Engine__ContextSize"] = options.ContextSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Engine__ParallelSequences"] = "1",
        ["Engine__FlashAttention"] = options.FlashAttention,
        ["Engine__ChatTemplate"] = "chatml",
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Logging__LogLevel__Default"] = "Warning",
    };

    /// <summary>Runs a setup step; on failure (or when <paramref name="skipKey"/> is skipped) records why the part is not measured.</summary>
    private async Task<bool> TryAsync(string skipKey, string name, Dictionary<string, string> notMeasured, Func<Task> step)
    {
        if (skipKey.Length > 0 && options.Skip.Contains(skipKey)) { notMeasured[name] = $"skipped with --skip {skipKey}"; return false; }
        try { await step(); return true; }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Console.WriteLine($"  {name}: FAILED: {ex.Message}");
            notMeasured[name] = $"failed: {FirstLine(ex.Message)}";
            return false;
        }
    }

    private async Task<IReadOnlyList<ConcurrencyResult>> MeasureConcurrencyAsync(BenchPrompt generation, CancellationToken cancellationToken)
    {
        int sequences = Math.Max(16, options.Concurrency.Max());
        var results = new List<ConcurrencyResult>();
        await using var engine = new LlamaEngine(EngineOptionsFor(parallelSequences: sequences));
        await engine.LoadModelAsync(options.ModelPath, null, cancellationToken);
        var target = new InProcessTarget(engine);
        foreach (int streams in options.Concurrency) await RunStreamsAsync(target, generation, streams, cancellationToken); // warm-up
        var runs = options.Concurrency.ToDictionary(s => s, _ => new List<(double Aggregate, double Wall, double PerStream, double Ttft)>());
        for (int i = 0; i < options.Repeats; i++)
        {
            foreach (int streams in options.Concurrency) runs[streams].Add(await RunStreamsAsync(target, generation, streams, cancellationToken));
        }
        foreach (int streams in options.Concurrency)
        {
            var r = runs[streams];
            var result = new ConcurrencyResult(streams, PartResult.Median(r.Select(x => x.Aggregate)), PartResult.Median(r.Select(x => x.Wall)), PartResult.Median(r.Select(x => x.PerStream)),
                PartResult.Median(r.Select(x => x.Ttft)), r.Count);
            Console.WriteLine($"  {streams,2} streams (n_seq_max {sequences}): {result.AggregateTokensPerSecond:F0} tok/s aggregate, {result.PerStreamTokensPerSecond:F0} tok/s per stream");
            results.Add(result);
        }
        await engine.DisposeAsync();
        if (options.Skip.Contains("peer") || options.Skip.Contains("peer-concurrency")) return results;
        try
        {
            var peer = await PeerRunner.MeasureConcurrencyAsync(Path.Combine(options.RepoRoot, "bench", "peer"), options, generation, cancellationToken);
            Console.WriteLine($"  node-llama-cpp: {string.Join(", ", peer.Select(p => $"{p.Key} streams {p.Value:F0} tok/s"))}");
            return results.Select(r => r with { PeerAggregateTokensPerSecond = peer.GetValueOrDefault(r.Streams, double.NaN) }).ToList();
        }
        catch (InvalidOperationException ex)
        {
            Console.WriteLine($"  node-llama-cpp concurrency: FAILED: {FirstLine(ex.Message)}");
            return results;
        }
    }

    private async Task<(double Aggregate, double Wall, double PerStream, double Ttft)> RunStreamsAsync(InProcessTarget target, BenchPrompt prompt, int streams, CancellationToken cancellationToken)
    {
        var wall = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, streams).Select(_ => Task.Run(() => target.RunAsync(prompt, options.Tokens, cancellationToken), cancellationToken)).ToArray();
        var runs = await Task.WhenAll(tasks);
        double seconds = wall.Elapsed.TotalSeconds;
        double generationSeconds = Stopwatch.GetElapsedTime(runs.Min(r => r.FirstTokenTimestamp), runs.Max(r => r.LastTokenTimestamp)).TotalSeconds;
        return (runs.Sum(r => r.CompletionTokens - 1) / generationSeconds,
            runs.Sum(r => r.CompletionTokens) / seconds,
            PartResult.Median(runs.Select(r => r.GenerationTokensPerSecond)),
            PartResult.Median(runs.Select(r => r.TtftMs)));
    }

    private static string FirstLine(string text) => text.Split('\n')[0];
}
