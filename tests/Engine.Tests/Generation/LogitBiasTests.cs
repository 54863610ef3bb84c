using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

/// <summary>OpenAI's <c>logit_bias</c> on the real model (issue 10 finding 7): llama.cpp's logit-bias sampler,
/// first in the chain, so +100 forces a token and −100 bans one.</summary>
public sealed class LogitBiasTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private const string Story = "Once upon a time";

    private Task<GenerationRun> GreedyAsync(IReadOnlyDictionary<int, float>? bias, int maxTokens = 8) =>
        GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = Story,
            MaxTokens = maxTokens,
            Sampling = new SamplingOptions { Temperature = 0, LogitBias = bias },
        });

    [Fact]
    public async Task PlusHundred_ForcesTheToken_AtEveryStep()
    {
        var plain = await GreedyAsync(null);
        var forced = Enumerable.Range(0, fixture.Model.VocabSize).First(id => !plain.Ids.Contains(id) && id > 10);

        var run = await GreedyAsync(new Dictionary<int, float> { [forced] = 100 });

        Assert.Equal(8, run.Ids.Count);
        Assert.All(run.Ids, id => Assert.Equal(forced, id));
    }

    [Fact]
    public async Task MinusHundred_BansTheGreedyChoice()
    {
        var plain = await GreedyAsync(null, maxTokens: 16);
        var banned = plain.Ids[0];

        var run = await GreedyAsync(new Dictionary<int, float> { [banned] = -100 }, maxTokens: 16);

        Assert.NotEmpty(run.Ids);
        Assert.DoesNotContain(banned, run.Ids);
        Assert.NotEqual(plain.Ids[0], run.Ids[0]);
    }

    [Fact]
    public async Task SeededSampling_NeverPicksABannedToken()
    {
        var free = await GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = Story, MaxTokens = 48, Sampling = new SamplingOptions { Seed = 11, Temperature = 1.5f, TopK = 0, TopP = 1, MinP = 0 },
        });
        var banned = free.Ids.Distinct().Take(5).ToDictionary(id => id, _ => -100f);

        var run = await GenerationRun.CollectAsync(fixture.Engine, new GenerationRequest
        {
            Prompt = Story, MaxTokens = 48,
            Sampling = new SamplingOptions { Seed = 11, Temperature = 1.5f, TopK = 0, TopP = 1, MinP = 0, LogitBias = banned },
        });

        Assert.NotEmpty(run.Ids);
        Assert.All(run.Ids, id => Assert.False(banned.ContainsKey(id), $"banned token {id} was sampled"));
    }

    [Fact]
    public void Validate_RejectsABiasOutsideMinusToPlusHundred()
    {
        var options = new SamplingOptions { LogitBias = new Dictionary<int, float> { [3] = 101 } };
        var e = Assert.Throws<SamplingOptionException>(options.Validate);
        Assert.Equal("logit_bias", e.ParamName);
    }
}
