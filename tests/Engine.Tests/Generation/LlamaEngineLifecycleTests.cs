using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class LlamaEngineLifecycleTests
{
    [Fact]
    public async Task GenerateAsync_NoModel_ThrowsNoModelLoaded()
    {
        await using var engine = new LlamaEngine(EngineFixture.Options());

        Assert.Equal(EngineStatus.Empty, engine.Status);
        await Assert.ThrowsAsync<NoModelLoadedException>(() => GenerationRun.CollectAsync(engine, new GenerationRequest { Prompt = "Hi" }));
    }

    [Fact]
    public async Task LoadModelAsync_ReportsProgressAndPerSequenceWindow()
    {
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 3, contextSize: 256));
        var progress = new List<float>();

        var model = await engine.LoadModelAsync(EngineFixture.ModelPath("TinyStories-656K-Q8_0.gguf"), new SyncProgress(progress.Add), default);

        Assert.Equal(EngineStatus.Ready, engine.Status);
        Assert.Equal(256, model.ContextSize);
        Assert.Same(model, engine.Model);
        Assert.NotEmpty(progress);
        Assert.Equal(1f, progress[^1], 3);
    }

    [Theory]
    [InlineData("enabled")]
    [InlineData("disabled")]
    public async Task FlashAttentionSetting_EitherWay_GeneratesTheRequestedTokens(string flashAttention)
    {
        var options = EngineFixture.Options(sequences: 2);
        options.FlashAttention = flashAttention;
        await using var engine = new LlamaEngine(options);
        await engine.LoadModelAsync(EngineFixture.ModelPath("TinyStories-656K-Q8_0.gguf"), null, default);

        var run = await GenerationRun.CollectAsync(engine, new GenerationRequest
        {
            Prompt = "Once upon a time",
            MaxTokens = 24,
            Sampling = new SamplingOptions { Temperature = 0, IgnoreEos = true },
        });

        Assert.Equal(FinishReason.Length, run.Final.FinishReason);
        Assert.Equal(24, run.Tokens.Count);
    }

    [Fact]
    public void EngineOptions_EffectiveThreads_IsTheSettingOrAutomaticLeavingACoreFree()
    {
        Assert.Equal(3, new EngineOptions { Threads = 3 }.EffectiveThreads);

        var automatic = new EngineOptions { Threads = 0 }.EffectiveThreads;
        Assert.InRange(automatic, 1, Math.Max(1, Environment.ProcessorCount - 1));
    }

    [Fact]
    public void EngineOptions_UnknownFlashAttention_IsRejectedNamingTheSetting()
    {
        var options = EngineFixture.Options();
        options.FlashAttention = "sometimes";

        var error = Assert.Throws<ArgumentException>(options.Validate);
        Assert.Contains("Engine:FlashAttention", error.Message);
    }

    [Fact]
    public async Task LoadModelAsync_MissingFile_ThrowsModelLoadAndKeepsServing()
    {
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 1));
        await engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, default);

        await Assert.ThrowsAsync<ModelLoadException>(() => engine.LoadModelAsync("/nonexistent/model.gguf", null, default));

        Assert.Equal(EngineStatus.Failed, engine.Status);
        var run = await GenerationRun.CollectAsync(engine, new GenerationRequest { Prompt = "Once", MaxTokens = 3 });
        Assert.Equal(3, run.Tokens.Count);
    }

    [Fact]
    public async Task LoadModelAsync_WhileGenerating_SwapsModelAndOldGenerationEndsCancelled()
    {
        // A 4096-token window: the endless generation cannot reach it before the new model has loaded.
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 2, contextSize: 4096));
        await engine.LoadModelAsync(EngineFixture.ModelPath("TinyStories-656K-Q8_0.gguf"), null, default);
        var request = new GenerationRequest
        {
            Prompt = "Once upon a time",
            Sampling = new SamplingOptions { Grammar = "root ::= [a-z ] root" },
        };

        GenerationUpdate? final = null;
        await foreach (var update in engine.GenerateAsync(request, default))
        {
            if (update.Token is not null && final is null && engine.Model!.Id.StartsWith("TinyStories", StringComparison.Ordinal))
                await engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, default);
            if (update.FinishReason is not null) final = update;
        }

        Assert.Equal(FinishReason.Cancelled, final!.FinishReason);
        Assert.Equal("stories260K.gguf", engine.Model!.Id);
        var run = await GenerationRun.CollectAsync(engine, new GenerationRequest { Prompt = "Once", MaxTokens = 3 });
        Assert.Equal(3, run.Tokens.Count);
    }

    [Fact]
    public async Task GenerateAsync_CancelDuringLongPromptDecode_AbortsDecodeAndEngineKeepsWorking()
    {
        // stories260K with a 2048-token window and n_batch 2048: a ~1,900-token prompt is one long llama_decode.
        await using var engine = new LlamaEngine(EngineFixture.Options(sequences: 2, batchSize: 2048, contextSize: 2048));
        await engine.LoadModelAsync(EngineFixture.ModelPath("stories260K.gguf"), null, default);
        var probe = new GenerationRequest { Prompt = "Once upon a time", MaxTokens = 12, Sampling = new SamplingOptions { Seed = 17 } };
        var before = await GenerationRun.CollectAsync(engine, probe);
        var longPrompt = string.Concat(Enumerable.Repeat("Once upon a time there was a little girl who liked to play. ", 100));
        var promptTokens = (await engine.TokenizeAsync(longPrompt, true, true, default)).Count;
        Assert.InRange(promptTokens, 1000, 2048);

        // The hook holds the scheduler thread just before the long llama_decode until this thread has cancelled,
        // so the cancel (token registration -> abort flag) always lands while that decode is in flight.
        using var cts = new CancellationTokenSource();
        using var cancelled = new ManualResetEventSlim();
        var decodeStarting = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        engine.Scheduler!.BeforeDecode = tokens =>
        {
            if (tokens <= 1000) return;
            decodeStarting.TrySetResult();
            cancelled.Wait(TimeSpan.FromSeconds(10));
        };
        var aborted = engine.Scheduler.AbortedDecodes;

        var generation = GenerationRun.CollectAsync(engine, new GenerationRequest { Prompt = longPrompt, MaxTokens = 4 }, cts.Token);
        await decodeStarting.Task.WaitAsync(TimeSpan.FromSeconds(10));
        cts.Cancel();
        cancelled.Set();
        var run = await generation;
        engine.Scheduler.BeforeDecode = null;

        Assert.Equal(FinishReason.Cancelled, run.Final.FinishReason);
        Assert.Empty(run.Tokens);
        Assert.Equal(aborted + 1, engine.Scheduler.AbortedDecodes); // llama_decode returned 2: the abort callback stopped it
        var after = await GenerationRun.CollectAsync(engine, probe);
        Assert.Equal(before.Ids, after.Ids);
    }

    /// <summary>An <see cref="IProgress{T}"/> that reports on the calling thread (no lost or late reports).</summary>
    private sealed class SyncProgress(Action<float> report) : IProgress<float>
    {
        public void Report(float value) => report(value);
    }
}
