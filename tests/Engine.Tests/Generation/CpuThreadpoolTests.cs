using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Xunit;

namespace Workbench.Engine.Tests.Generation;

/// <summary>Tests that count this process's threads and CPU time run alone, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideMeasurementCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process-wide thread and CPU measurements";
}

/// <summary>With more than one thread the scheduler's context has a persistent ggml CPU threadpool, as
/// llama-server's has: its workers outlive a decode, the tokens are the ones one thread decodes, and an idle engine
/// does not keep a core spinning.</summary>
[Collection(ProcessWideMeasurementCollection.Name)]
public sealed class CpuThreadpoolTests
{
    private static readonly SamplingOptions Greedy = new() { Temperature = 0, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1 };

    [Fact]
    public async Task TwoThreads_KeepTheirWorker_DecodeTheSameTokens_AndSleepWhenIdle()
    {
        var prompts = new[] { "Once upon a time", "The little dog", "Lily and Tom went" };
        var oneThread = await GenerateAsync(threads: 1, prompts, measure: false);
        var twoThreads = await GenerateAsync(threads: 2, prompts, measure: true);
        Assert.Equal(oneThread.Tokens, twoThreads.Tokens);

        // The scheduler thread names the threads it starts; ggml's workers inherit that name. Without a persistent
        // pool the worker is joined at the end of every decode, so only the scheduler thread would be left.
        Assert.Equal(2, twoThreads.SchedulerNamedThreads);
        Assert.True(twoThreads.IdleCpu < TimeSpan.FromMilliseconds(300),
            $"the idle engine used {twoThreads.IdleCpu.TotalMilliseconds:F0} ms of CPU in one second (a worker kept polling)");
    }

    private static async Task<(List<List<int>> Tokens, int SchedulerNamedThreads, TimeSpan IdleCpu)> GenerateAsync(int threads, string[] prompts, bool measure)
    {
        var options = EngineFixture.Options(sequences: 4);
        options.Threads = threads;
        await using var engine = new LlamaEngine(options);
        await engine.LoadModelAsync(EngineFixture.ModelPath("TinyStories-656K-Q8_0.gguf"), null, CancellationToken.None);
        var runs = prompts.Select(p => GenerationRun.CollectAsync(engine, new GenerationRequest { Prompt = p, MaxTokens = 48, Sampling = Greedy })).ToList();
        await Task.WhenAll(runs);
        var tokens = new List<List<int>>();
        foreach (var run in runs) tokens.Add([.. (await run).Tokens.Select(t => t.Id)]);
        if (!measure) return (tokens, 0, TimeSpan.Zero);

        await Task.Delay(500); // past ggml's polling after the last decode
        int named = SchedulerNamedThreads();
        var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        await Task.Delay(1000);
        process.Refresh();
        return (tokens, named, process.TotalProcessorTime - before);
    }

    private static int SchedulerNamedThreads() =>
        Directory.GetDirectories("/proc/self/task").Count(task =>
        {
            try { return File.ReadAllText(Path.Combine(task, "comm")).Trim() == "llama scheduler"; }
            catch (IOException) { return false; }
        });
}
