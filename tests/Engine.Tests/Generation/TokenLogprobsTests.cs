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

    /// <summary>The scalar double-precision log-sum-exp the SIMD version replaced (issue 10, finding 20).</summary>
    private static double ReferenceLogSumExp(float[] logits)
    {
        var max = logits.Max();
        if (float.IsNegativeInfinity(max)) return double.NegativeInfinity;
        return max + Math.Log(logits.Sum(logit => Math.Exp(logit - (double)max)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(512)]     // stories260K
    [InlineData(2048)]    // TinyStories-656K, exactly one chunk
    [InlineData(2049)]    // one float past a chunk
    [InlineData(32000)]   // Llama 2
    [InlineData(151936)]  // Qwen2.5
    public void LogSumExp_VocabularySizedRows_MatchScalarDoublePrecision(int nVocab)
    {
        var random = new Random(nVocab);
        var logits = Enumerable.Range(0, nVocab).Select(_ => (float)(random.NextDouble() * 60 - 30)).ToArray();
        if (nVocab > 2) logits[nVocab / 2] = float.NegativeInfinity; // a token a grammar or bias banned

        var expected = ReferenceLogSumExp(logits);
        var actual = TokenLogprobs.LogSumExp(logits);

        Assert.Equal(expected, actual, 1e-5);
        Assert.Equal((float)Math.Min(0, logits[0] - expected), TokenLogprobs.LogProb(logits, 0, actual), 1e-5f);
    }

    [Fact]
    public void LogSumExp_AllNegativeInfinityOrEmpty_IsNegativeInfinity()
    {
        Assert.Equal(double.NegativeInfinity, TokenLogprobs.LogSumExp([float.NegativeInfinity, float.NegativeInfinity]));
        Assert.Equal(double.NegativeInfinity, TokenLogprobs.LogSumExp([]));
    }

    [Fact]
    public void LogSumExp_OneFiniteLogit_ProbabilityOne()
    {
        float[] logits = [float.NegativeInfinity, 4.25f, float.NegativeInfinity];
        Assert.Equal(0f, TokenLogprobs.LogProb(logits, 1, TokenLogprobs.LogSumExp(logits)));
    }
}
