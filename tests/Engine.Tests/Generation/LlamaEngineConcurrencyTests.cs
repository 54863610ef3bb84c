using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class LlamaEngineConcurrencyTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    /// <summary>A grammar with no end state: EOS is never allowed, so only a limit or a cancel ends it.</summary>
    private const string Endless = "root ::= [a-z ] root";

    private static GenerationRequest Seeded(uint seed, int maxTokens) => new()
    {
        Prompt = "Once upon a time, in a small town,",
        MaxTokens = maxTokens,
        Sampling = new SamplingOptions { Seed = seed },
    };

    [Fact]
    public async Task GenerateAsync_MoreRequestsThanSlots_AllCompleteEqualToTheirSoloRuns()
    {
        // 10 requests on 8 slots: 8 decode together, 2 wait for a free slot. Each seeded request must produce
        // exactly what it produces alone: every sequence has its own KV cells, logits row and sampler chain.
        var requests = Enumerable.Range(1, EngineFixture.Sequences + 2).Select(i => Seeded((uint)(i * 101), 40 + i)).ToArray();
        var solo = new List<GenerationRun>();
        foreach (var request in requests) solo.Add(await GenerationRun.CollectAsync(fixture.Engine, request));

        var together = await Task.WhenAll(requests.Select(r => Task.Run(() => GenerationRun.CollectAsync(fixture.Engine, r))));

        for (var i = 0; i < requests.Length; i++)
        {
            Assert.Equal(solo[i].Ids, together[i].Ids);
            Assert.Equal(solo[i].Text, together[i].Text);
            Assert.Equal(solo[i].Final.FinishReason, together[i].Final.FinishReason);
        }
    }

    [Fact]
    public async Task GenerateAsync_CancelledMidGeneration_EndsCancelledEarly()
    {
        using var cts = new CancellationTokenSource();
        var request = Seeded(3, maxTokens: 10_000) with { Sampling = new SamplingOptions { Seed = 3, Grammar = Endless } };
        var received = 0;
        GenerationUpdate? final = null;

        // The scheduler writes thousands of tokens a second: a reader delayed on a busy machine used to see the
        // window fill (finish_reason length) before it could cancel. Hold every decode after the third until this
        // reader has cancelled, so the cancel always lands mid-generation.
        using var cancelled = new ManualResetEventSlim();
        var decodes = 0;
        var scheduler = fixture.Engine.Scheduler!;
        scheduler.BeforeDecode = _ =>
        {
            if (Interlocked.Increment(ref decodes) > 3) cancelled.Wait(TimeSpan.FromSeconds(10));
        };
        try
        {
            await foreach (var update in fixture.Engine.GenerateAsync(request, cts.Token))
            {
                if (update.Token is not null && ++received == 3)
                {
                    cts.Cancel();
                    cancelled.Set();
                }
                if (update.FinishReason is not null) final = update;
            }
        }
        finally
        {
            scheduler.BeforeDecode = null;
            cancelled.Set();
        }

        Assert.Equal(FinishReason.Cancelled, final!.FinishReason);
        Assert.True(final.Usage!.CompletionTokens < fixture.Model.ContextSize / 2);

        // The slot was freed and cleared: the engine still reproduces a seeded run.
        var a = await GenerationRun.CollectAsync(fixture.Engine, Seeded(5, 20));
        var b = await GenerationRun.CollectAsync(fixture.Engine, Seeded(5, 20));
        Assert.Equal(a.Ids, b.Ids);
    }

    [Fact]
    public async Task GenerateAsync_AlreadyCancelledToken_EndsCancelledWithoutTokens()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();

        var run = await GenerationRun.CollectAsync(fixture.Engine, Seeded(1, 10), cts.Token);

        Assert.Equal(FinishReason.Cancelled, run.Final.FinishReason);
        Assert.Empty(run.Tokens);
    }

    [Fact]
    public async Task GenerateAsync_CallerStopsReading_FreesTheSlot()
    {
        // Leave 2 × slots enumerations early; if slots leaked, the last requests would wait forever.
        for (var i = 0; i < EngineFixture.Sequences * 2; i++)
        {
            await foreach (var update in fixture.Engine.GenerateAsync(Seeded((uint)i, 10_000) with { Sampling = new SamplingOptions { Grammar = Endless } }, default))
            {
                if (update.Token is not null) break;
            }
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var run = await GenerationRun.CollectAsync(fixture.Engine, Seeded(9, 5), timeout.Token);
        Assert.Equal(FinishReason.Length, run.Final.FinishReason);
    }
}
