using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Inference;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary><see cref="QuotaInferenceEngine"/> over the real TinyStories engine.</summary>
public sealed class QuotaInferenceEngineTests(QuotaEngineFixture fixture) : IClassFixture<QuotaEngineFixture>
{
    private static readonly GenerationRequest Story = new()
    {
        Prompt = "Once upon a time",
        MaxTokens = 12,
        Sampling = new Engine.Sampling.SamplingOptions { Seed = 7 },
    };

    private static EngineAccessGate Gate(int tokensPerMinute = 0, int requestsPerMinute = 0, int concurrency = 2) =>
        new(concurrency, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(requestsPerMinute, tokensPerMinute) }));

    private static async Task<GenerationUpdate> RunAsync(IInferenceEngine engine, GenerationRequest? request = null)
    {
        GenerationUpdate? last = null;
        await foreach (var update in engine.GenerateAsync(request ?? Story, CancellationToken.None)) last = update;
        return last!;
    }

    [Fact]
    public async Task GenerateAsync_Completed_ChargesPromptPlusCompletionTokensToTheCaller()
    {
        var gate = Gate();
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));

        var last = await RunAsync(engine);

        Assert.NotNull(last.Usage);
        Assert.True(last.Usage!.PromptTokens > 0 && last.Usage.CompletionTokens > 0);
        Assert.Equal((1, (long)last.Usage.TotalTokens), gate.GetUsage("ada"));
        Assert.Equal(0, gate.ActiveCount);
    }

    [Fact]
    public async Task GenerateAsync_TokenQuotaUsedUp_RefusesTheNextRequestWithAClearMessage()
    {
        var gate = Gate(tokensPerMinute: 10);
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));
        var first = await RunAsync(engine);

        var e = await Assert.ThrowsAsync<RateLimitException>(() => RunAsync(engine));

        Assert.Equal($"You have used {first.Usage!.TotalTokens} of your 10 tokens per minute; try again in 60 s.", e.Message);
        Assert.Equal(1, gate.GetUsage("ada").Requests);
        await RunAsync(new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("bob", "class"))); // others unaffected
    }

    [Fact]
    public async Task GenerateAsync_NoCallerFunction_ChargesEngineCallerContextThenAnonymous()
    {
        var gate = Gate();
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate);

        using (EngineCallerContext.Begin(new EngineCaller("grace", "class"))) await RunAsync(engine);
        await RunAsync(engine);

        Assert.Equal(1, gate.GetUsage("grace").Requests);
        Assert.Equal(1, gate.GetUsage(EngineCaller.Anonymous.UserId).Requests);
    }

    [Fact]
    public async Task GenerateAsync_StoppedEarlyByTheConsumer_ChargesTheTokensSeenAndFreesTheSlot()
    {
        var gate = Gate(concurrency: 1);
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));

        var seen = 0;
        await foreach (var update in engine.GenerateAsync(Story with { MaxTokens = 40 }, CancellationToken.None))
        {
            if (++seen == 3) break;
        }

        Assert.Equal((1, 3L), gate.GetUsage("ada"));
        Assert.Equal(0, gate.ActiveCount);
    }

    [Fact]
    public async Task GenerateAsync_DecoratedTwiceOverOneGate_TakesOneLeaseAndChargesOnce()
    {
        var gate = Gate(concurrency: 1);
        await using var inner = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));
        await using var outer = new QuotaInferenceEngine(inner, gate, () => new EngineCaller("ada", "class"));

        var last = await RunAsync(outer).WaitAsync(TimeSpan.FromSeconds(30)); // two leases of a 1-slot gate would deadlock

        Assert.Equal((1, (long)last.Usage!.TotalTokens), gate.GetUsage("ada"));
    }

    [Fact]
    public async Task GenerateAsync_SecondStreamStartedWhileReadingTheFirst_WaitsForItsOwnLease()
    {
        var gate = Gate(concurrency: 1);
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));
        await using var first = engine.GenerateAsync(Story with { MaxTokens = 40 }, CancellationToken.None).GetAsyncEnumerator();
        Assert.True(await first.MoveNextAsync());

        // The first stream's lease must not leak into its reader's context: the second stream queues for a slot.
        await using var second = engine.GenerateAsync(Story, CancellationToken.None).GetAsyncEnumerator();
        var secondStarted = second.MoveNextAsync().AsTask();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (gate.QueuedCount == 0 && DateTime.UtcNow < deadline) await Task.Delay(10);
        Assert.Equal(1, gate.QueuedCount);
        Assert.False(secondStarted.IsCompleted);

        await first.DisposeAsync(); // frees the slot
        Assert.True(await secondStarted.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(2, gate.GetUsage("ada").Requests);
    }

    [Fact]
    public async Task AddEngineQuotas_HostRegisteredEngine_IsResolvedDecorated()
    {
        var services = new ServiceCollection();
        services.AddSingleton<IInferenceEngine>(fixture.Engine);
        services.AddSingleton<IQuotaPolicySource>(new FixedQuotaPolicies([]));
        services.AddEngineQuotas();
        services.AddEngineQuotas(); // idempotent
        var provider = services.BuildServiceProvider();

        var engine = provider.GetRequiredService<IInferenceEngine>();

        var quota = Assert.IsType<QuotaInferenceEngine>(engine);
        Assert.Same(quota, provider.GetRequiredService<QuotaInferenceEngine>());
        Assert.Equal(4, provider.GetRequiredService<EngineAccessGate>().MaxConcurrency); // Engine:ParallelSequences' default
        await RunAsync(engine);
        Assert.Equal(1, provider.GetRequiredService<EngineAccessGate>().GetUsage(EngineCaller.Anonymous.UserId).Requests);

        await provider.DisposeAsync();
        Assert.NotNull((await RunAsync(fixture.Engine)).Usage); // the host's own instance is not the container's to dispose
    }
}
