using Workbench.Engine.Sampling;

namespace Workbench.Engine.Tests.Generation;

public sealed class TokenLogprobsTests
{
    [Fact]
    public void LogProb_LargeLogits_StableAndNormalised()
    {
        float[] logits = [1000f, 999f, 998f, -1000f];
        var lse = TokenLogprobs.LogSumExp(logits);

        var total = logits.Select((_, i) => Math.Exp(TokenLogprobs.LogProb(logits, i, lse))).Sum();

        Assert.Equal(1.0, total, 5);
        Assert.All(Enumerable.Range(0, 4), i => Assert.True(TokenLogprobs.LogProb(logits, i, lse) <= 0));
        Assert.Equal(-Math.Log(1 + Math.Exp(-1) + Math.Exp(-2)), TokenLogprobs.LogProb(logits, 0, lse), 5);
    }

    [Fact]
    public void Top_ReturnsTheLargestSortedDescending_TiesByLowerId()
    {
        float[] logits = [0.5f, 3f, -2f, 3f, 1f, 2.5f];
        var lse = TokenLogprobs.LogSumExp(logits);

        var top = TokenLogprobs.Top(logits, 4, lse);

        Assert.Equal([1, 3, 5, 4], top.Select(t => t.Id));
        Assert.True(top.Zip(top.Skip(1)).All(p => p.First.Logprob >= p.Second.Logprob));
    }

    [Fact]
    public void Top_CountLargerThanVocabulary_ReturnsAll() =>
        Assert.Equal(3, TokenLogprobs.Top([1f, 2f, 3f], 20, TokenLogprobs.LogSumExp([1f, 2f, 3f])).Length);
}
