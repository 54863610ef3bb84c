using Workbench.Engine.Inference;
using Workbench.Engine.Native.Structs;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.Generation;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Sampling;

/// <summary>The greedy fast path picks what llama.cpp's own chain picks: row by row against the real chain built
/// for the same options, and whole generations against a chain that does real work (top_k = n_vocab).</summary>
public sealed class GreedyArgmaxTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private static readonly SamplingOptions BenchGreedy = new() { Temperature = 0, TopK = 0, TopP = 1, MinP = 0, RepeatPenalty = 1, IgnoreEos = true };

    [Fact]
    public void Applies_OnlyToChainsThatReduceToArgmax()
    {
        Assert.True(GreedyArgmax.Applies(BenchGreedy));
        Assert.True(GreedyArgmax.Applies(BenchGreedy with { IgnoreEos = false }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { Temperature = 0.5f }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { TopK = 40 }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { TopP = 0.9f }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { MinP = 0.05f }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { RepeatPenalty = 1.1f }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { PresencePenalty = 0.5f }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { Grammar = "root ::= \"a\"" }));
        Assert.False(GreedyArgmax.Applies(BenchGreedy with { LogitBias = new Dictionary<int, float> { [5] = 1 } }));
    }

    [Fact]
    public void Select_MatchesTheNativeChain_OnRowsWithTiesAndBans()
    {
        TestModels.InitializeBackend();
        using var model = LlamaModel.Load(TestModels.Path("stories260K.gguf"), 0, vocabOnly: true, null, CancellationToken.None);
        var candidates = new LlamaTokenData[model.VocabSize];
        var random = new Random(20);
        foreach (var options in new[] { BenchGreedy, BenchGreedy with { IgnoreEos = false } })
        {
            var bans = options.IgnoreEos ? model.EndOfGenerationMask : null;
            for (int row = 0; row < 300; row++)
            {
                var logits = new float[model.VocabSize];
                // Few distinct values, so equal maxima are common; sometimes the maximum is on a banned token.
                for (int i = 0; i < logits.Length; i++) logits[i] = random.Next(8);
                if (row % 3 == 0) logits[model.EosToken] = 100;
                if (row % 7 == 0) Array.Fill(logits, float.NegativeInfinity, 0, random.Next(logits.Length));
                using var sampler = SamplerChainBuilder.Build(options, model, []);
                Assert.Equal(sampler.SampleAndAccept(logits, candidates), GreedyArgmax.Select(logits, bans));
            }
        }
    }

    [Fact]
    public void Select_EveryTokenBannedOrMinusInfinity_ReturnsMinusOne()
    {
        Assert.Equal(-1, GreedyArgmax.Select([float.NegativeInfinity, float.NegativeInfinity], null));
        Assert.Equal(-1, GreedyArgmax.Select([1f, 2f], [true, true]));
        Assert.Equal(0, GreedyArgmax.Select([2f, 2f], null));
        Assert.Equal(1, GreedyArgmax.Select([2f, 1f, 0f], [true, false, false]));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Generation_FastPath_StreamsTheSameTokensAsTheFullChain(bool ignoreEos)
    {
        var fast = BenchGreedy with { IgnoreEos = ignoreEos };
        var full = fast with { TopK = fixture.Model.VocabSize }; // sorts every candidate, then greedy: same choice
        Assert.True(GreedyArgmax.Applies(fast));
        Assert.False(GreedyArgmax.Applies(full));
        var prompts = new[] { "Once upon a time", "The little dog", "Lily and Tom went", "A big red" };
        GenerationRequest Request(string prompt, SamplingOptions sampling) => new() { Prompt = prompt, MaxTokens = 48, Sampling = sampling };
        // Concurrent, so both paths run in shared batches as the bench does.
        var fastRuns = prompts.Select(p => GenerationRun.CollectAsync(fixture.Engine, Request(p, fast))).ToList();
        var fullRuns = prompts.Select(p => GenerationRun.CollectAsync(fixture.Engine, Request(p, full))).ToList();
        await Task.WhenAll(fastRuns.Concat(fullRuns));
        for (int i = 0; i < prompts.Length; i++)
        {
            var a = await fastRuns[i];
            var b = await fullRuns[i];
            Assert.NotEmpty(a.Ids);
            Assert.Equal(b.Ids, a.Ids);
            Assert.Equal(b.Final.FinishReason, a.Final.FinishReason);
            Assert.Equal(b.Tokens.Select(t => t.Logprob), a.Tokens.Select(t => t.Logprob));
        }
    }
}
