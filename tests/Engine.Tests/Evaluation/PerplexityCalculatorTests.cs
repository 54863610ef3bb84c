using Workbench.Engine.Evaluation;
using Workbench.Engine.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>Perplexity against llama.cpp's own llama-perplexity on the same file, text and n_ctx.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class PerplexityCalculatorTests(EvaluationFixture fixture, ITestOutputHelper output)
{
    private static EngineOptions Options => TestModels.Options();

    [Theory]
    [InlineData(128)]
    [InlineData(256)]
    public void F32_MatchesLlamaPerplexity(int contextSize)
    {
        var reference = LlamaReferenceTools.Perplexity(TestModels.Stories260K, EvaluationTexts.Default, contextSize);

        PerplexityResult result = PerplexityCalculator.Compute(fixture.Stories260K, EvaluationTexts.Default, contextSize, 1, null, CancellationToken.None);

        output.WriteLine($"n_ctx {contextSize}: llama-perplexity {reference.Perplexity} ± {reference.Uncertainty} over {reference.Chunks} chunks; workbench {result.Perplexity:F6} ± {result.Uncertainty:F6}");
        Assert.Equal(reference.Chunks, result.Chunks);
        Assert.InRange(result.Perplexity / reference.Perplexity, 0.995, 1.005);
        Assert.InRange(result.Uncertainty / reference.Uncertainty, 0.98, 1.02);
        Assert.Equal(result.Chunks * (contextSize - contextSize / 2 - 1), result.ScoredTokens);
        Assert.Equal(Math.Log(result.Perplexity), result.MeanNegativeLogLikelihood, 12);
        Assert.True(result.PromptTokensPerSecond > 0);
    }

    [Fact]
    public void QuantizedInTest_MatchesLlamaPerplexity()
    {
        var reference = LlamaReferenceTools.Perplexity(fixture.Q8Path, EvaluationTexts.Default, 128);

        PerplexityResult result = PerplexityCalculator.Compute(fixture.Q8Path, EvaluationTexts.Default, 128, Options);
        output.WriteLine($"Q8_0: llama-perplexity {reference.Perplexity}; workbench {result.Perplexity:F6}");

        Assert.Equal(reference.Chunks, result.Chunks);
        Assert.InRange(result.Perplexity / reference.Perplexity, 0.995, 1.005);
    }

    [Fact]
    public void EvaluationText_GivesAtLeastEightChunksAtContext128()
    {
        int tokens = fixture.Stories260K.Tokenize(EvaluationTexts.Default, addSpecial: true, parseSpecial: false).Length;

        Assert.True(tokens / 128 >= 8, $"{tokens} tokens");
    }

    [Fact]
    public void Progress_ReportsEveryChunk()
    {
        var reports = new List<EvaluationProgress>();
        var progress = new SynchronousProgress(reports.Add);

        PerplexityResult result = PerplexityCalculator.Compute(fixture.Stories260K, EvaluationTexts.Default, 512, 1, progress, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, result.Chunks), reports.Select(r => r.Completed));
        Assert.All(reports, r => Assert.Equal(result.Chunks, r.Total));
        Assert.Equal(1.0, reports[^1].Fraction);
    }

    [Fact]
    public void TextShorterThanTwoChunks_IsAClearError()
    {
        string text = string.Join(' ', EvaluationTexts.Default.Split(' ').Take(60));

        var error = Assert.Throws<EvaluationException>(() =>
            PerplexityCalculator.Compute(fixture.Stories260K, text, 128, 1, null, CancellationToken.None));

        Assert.Contains("needs at least 256", error.Message);
    }

    [Fact]
    public void ContextAboveTheModels_IsAnError()
    {
        int tooLarge = fixture.Stories260K.ContextLengthTrain + 1;

        var error = Assert.Throws<EvaluationException>(() =>
            PerplexityCalculator.Compute(fixture.Stories260K, EvaluationTexts.Default, tooLarge, 1, null, CancellationToken.None));

        Assert.Contains($"{fixture.Stories260K.ContextLengthTrain}", error.Message);
    }

    [Fact]
    public void Cancellation_StopsBetweenChunks()
    {
        using var cts = new CancellationTokenSource();
        var progress = new SynchronousProgress(_ => cts.Cancel());

        Assert.ThrowsAny<OperationCanceledException>(() =>
            PerplexityCalculator.Compute(fixture.Stories260K, EvaluationTexts.Default, 128, 1, progress, cts.Token));
    }
}
