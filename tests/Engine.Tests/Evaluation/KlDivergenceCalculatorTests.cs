using Workbench.Engine.Evaluation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>KL(base ‖ model) of stories260K's quantized copies against the F32 file on the lab's text.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class KlDivergenceCalculatorTests(EvaluationFixture fixture)
{
    [Fact]
    public void ModelAgainstItself_IsZero_WithTheSameTopTokenEverywhere()
    {
        BaseDistributions baseline = KlDivergenceCalculator.RecordBase(fixture.Stories260K, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);

        KlDivergenceResult result = KlDivergenceCalculator.Compare(fixture.Stories260K, baseline, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);

        Assert.Equal(0, result.MeanKlDivergence, 6);
        Assert.Equal(100, result.SameTopPercent);
        Assert.Equal(0, result.MeanProbabilityDelta, 6);
        Assert.Equal(result.BasePerplexity.Perplexity, result.Perplexity.Perplexity, 9);
        Assert.Equal(baseline.PositionCount, result.Positions);
    }

    [Fact]
    public void BasePerplexity_EqualsThePerplexityCalculators()
    {
        BaseDistributions baseline = KlDivergenceCalculator.RecordBase(fixture.Stories260K, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);
        PerplexityResult direct = PerplexityCalculator.Compute(fixture.Stories260K, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);

        Assert.Equal(direct.Perplexity, baseline.Perplexity!.Perplexity, 4);
    }

    [Fact]
    public void Q2K_DivergesMoreThanQ8_0()
    {
        BaseDistributions baseline = KlDivergenceCalculator.RecordBase(fixture.Stories260K, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);
        KlDivergenceResult q8 = CompareFile(fixture.Q8Path, baseline);
        KlDivergenceResult q2 = CompareFile(fixture.Q2Path, baseline);

        Assert.True(q8.MeanKlDivergence > 0, $"Q8_0 KL {q8.MeanKlDivergence}");
        Assert.True(q2.MeanKlDivergence > q8.MeanKlDivergence, $"Q2_K {q2.MeanKlDivergence} vs Q8_0 {q8.MeanKlDivergence}");
        Assert.True(q2.SameTopPercent <= q8.SameTopPercent);
        Assert.True(q2.MaxKlDivergence >= q2.MeanKlDivergence);
        Assert.True(q2.Perplexity.Perplexity > q8.Perplexity.Perplexity);
    }

    [Fact]
    public void Compute_LoadsBothFiles_AndReportsBothRuns()
    {
        var reports = new List<EvaluationProgress>();

        KlDivergenceResult result = KlDivergenceCalculator.Compute(TestModels.Stories260K, fixture.Q8Path, EvaluationTexts.Default, 256,
            TestModels.Options(), new SynchronousProgress(reports.Add));

        Assert.True(result.MeanKlDivergence > 0);
        Assert.Equal(2 * result.Perplexity.Chunks, reports[^1].Total);
        Assert.Equal(reports[^1].Total, reports[^1].Completed);
        Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.Completed));
    }

    [Fact]
    public void DifferentVocabularies_AreAnError()
    {
        BaseDistributions baseline = KlDivergenceCalculator.RecordBase(fixture.Stories260K, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);
        using LlamaModel other = LlamaModel.Load(TestModels.TinyStories, 0, vocabOnly: false, null, CancellationToken.None);

        var error = Assert.Throws<EvaluationException>(() =>
            KlDivergenceCalculator.Compare(other, baseline, EvaluationTexts.Default, 128, 1, null, CancellationToken.None));

        Assert.Contains("different vocabularies", error.Message);
    }

    private static KlDivergenceResult CompareFile(string path, BaseDistributions baseline)
    {
        using LlamaModel model = LlamaModel.Load(path, 0, vocabOnly: false, null, CancellationToken.None);
        return KlDivergenceCalculator.Compare(model, baseline, EvaluationTexts.Default, 128, 1, null, CancellationToken.None);
    }
}
