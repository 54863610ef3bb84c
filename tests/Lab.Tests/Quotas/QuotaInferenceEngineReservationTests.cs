using Workbench.Engine.Inference;
using Workbench.Lab.Quotas;

namespace Workbench.Lab.Tests.Quotas;

/// <summary><see cref="QuotaInferenceEngine"/> reserves a generation's <c>MaxTokens</c> while it runs (real
/// TinyStories engine), and settles with the real usage.</summary>
public sealed class QuotaInferenceEngineReservationTests(QuotaEngineFixture fixture) : IClassFixture<QuotaEngineFixture>
{
    [Fact]
    public async Task WhileAGenerationRuns_ItsMaxTokensAreReserved_ThenSettledWithTheRealUsage()
    {
        var gate = new EngineAccessGate(2, new FixedQuotaPolicies(new() { ["class"] = new QuotaPolicy(0, 1000) }));
        await using var engine = new QuotaInferenceEngine(fixture.Engine, gate, () => new EngineCaller("ada", "class"));
        var request = new GenerationRequest
        {
            Prompt = "Once upon a time", MaxTokens = 800,
            Sampling = new Engine.Sampling.SamplingOptions { Seed = 3, IgnoreEos = true },
        };

        GenerationUpdate? last = null;
        await using (var updates = engine.GenerateAsync(request, CancellationToken.None).GetAsyncEnumerator())
        {
            Assert.True(await updates.MoveNextAsync());
            Assert.Equal(800, gate.GetReservedTokens("ada"));
            var second = new GenerationRequest { Prompt = "Hi", MaxTokens = 300 };
            var e = await Assert.ThrowsAsync<RateLimitException>(async () =>
            {
                await foreach (var _ in engine.GenerateAsync(second, CancellationToken.None)) { }
            });
            Assert.Contains("800 are reserved", e.Message);
            while (await updates.MoveNextAsync()) last = updates.Current;
        }

        Assert.Equal(0, gate.GetReservedTokens("ada"));
        Assert.Equal(last!.Usage!.TotalTokens, gate.GetUsage("ada").Tokens);
    }
}
