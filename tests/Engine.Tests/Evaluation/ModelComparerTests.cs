using Workbench.Engine.Evaluation;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Evaluation;

/// <summary>The comparison table of stories260K F32 against its Q8_0 and Q2_K copies made by llama-quantize.</summary>
[Collection(EvaluationCollection.Name)]
public sealed class ModelComparerTests(EvaluationFixture fixture)
{
    [Fact]
    public void Table_HasTheSourceFirst_AndMeasuresEveryFileOnTheSameChunks()
    {
        var reports = new List<EvaluationProgress>();
        var request = new ModelComparisonRequest { Source = TestModels.Stories260K, Models = [fixture.Q8Path, fixture.Q2Path], ContextSize = 128 };

        ModelComparison table = ModelComparer.Compare(request, TestModels.Options(), new SynchronousProgress(reports.Add));

        Assert.Equal(["stories260K.gguf", "stories260K-Q8_0.gguf", "stories260K-Q2_K.gguf"], table.Rows.Select(r => r.Name));
        ModelComparisonRow source = table.Rows[0], q8 = table.Rows[1], q2 = table.Rows[2];
        Assert.True(source.IsSource);
        Assert.Equal(0, source.PerplexityDelta);
        Assert.Equal(0, source.KlDivergence);
        // bits per weight from llama.cpp's own tensor byte and parameter counts: 32 for F32; Q8_0 stores 34 bytes per
        // 32 weights (8.5 bits) where a row allows it, so its average lies between 8.5 and 32.
        Assert.Equal(32, source.BitsPerWeight, 6);
        Assert.InRange(q8.BitsPerWeight, 8.5, 32);
        Assert.True(q2.BitsPerWeight < q8.BitsPerWeight);
        Assert.Equal(new FileInfo(fixture.Q8Path).Length, q8.FileBytes);
        Assert.True(q2.FileBytes < q8.FileBytes && q8.FileBytes < source.FileBytes);
        Assert.True(q2.KlDivergence > q8.KlDivergence && q8.KlDivergence > 0);
        Assert.Equal(q8.Perplexity - source.Perplexity, q8.PerplexityDelta, 12);
        Assert.Equal((q2.Perplexity / source.Perplexity - 1) * 100, q2.PerplexityDeltaPercent, 9);
        Assert.All(table.Rows, r =>
        {
            Assert.True(r.LoadSeconds > 0 && r.PromptTokensPerSecond > 0 && r.GenerationTokensPerSecond > 0, r.Name);
            Assert.False(string.IsNullOrWhiteSpace(r.GreedyOutput), r.Name);
            Assert.InRange(r.GreedyTokens, 1, ModelComparisonRequest.DefaultGenerationTokens);
        });
        Assert.Equal(3 * table.Chunks, reports[^1].Total);
        Assert.Equal(reports[^1].Total, reports[^1].Completed);
    }

    [Fact]
    public void GreedyRun_IsDeterministic_AndCountsItsTokens()
    {
        using LlamaModel model = LlamaModel.Load(fixture.Q8Path, 0, vocabOnly: false, null, CancellationToken.None);
        GreedyRun first = GreedyGenerator.Run(model, ModelComparisonRequest.DefaultPrompt, 24, 1, CancellationToken.None);
        GreedyRun second = GreedyGenerator.Run(model, ModelComparisonRequest.DefaultPrompt, 24, 1, CancellationToken.None);

        Assert.Equal(first.Text, second.Text);
        Assert.Equal(24, first.Tokens);
        Assert.Equal(model.Tokenize(ModelComparisonRequest.DefaultPrompt, true, false).Length, first.PromptTokens);
    }

    [Fact]
    public void TooManyFiles_AreRefused()
    {
        var request = new ModelComparisonRequest { Source = TestModels.Stories260K, Models = Enumerable.Repeat(fixture.Q8Path, ModelComparer.MaxModels + 1).ToList() };

        Assert.Throws<EvaluationException>(() => ModelComparer.Compare(request, TestModels.Options()));
    }
}
