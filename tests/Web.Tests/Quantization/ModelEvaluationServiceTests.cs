using Workbench.Engine.Evaluation;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Native;
using Workbench.Web.Quantization;

namespace Workbench.Web.Tests.Quantization;

/// <summary>The evaluation service over the real model-tool process: the result equals the in-process calculator's,
/// names resolve in the catalog, input errors carry their HTTP status, one evaluation per student at a time.</summary>
public sealed class ModelEvaluationServiceTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>
{
    [Fact]
    public async Task Perplexity_InTheModelTool_EqualsTheCalculatorInProcess()
    {
        var reports = new List<ModelToolProgress>();

        PerplexityResult viaTool = await models.Evaluations.PerplexityAsync("u1", onlyOne: true, QuantizedModelsFixture.Q8Name, null, 128,
            new Recorder(reports), CancellationToken.None);
        LlamaBackend.Initialize(models.Options);
        PerplexityResult direct = PerplexityCalculator.Compute(Path.Combine(models.OutputDirectory, QuantizedModelsFixture.Q8Name),
            EvaluationTexts.Default, 128, models.Options);

        Assert.Equal(direct.Perplexity, viaTool.Perplexity, 9);
        Assert.Equal(direct.Chunks, viaTool.Chunks);
        Assert.Equal(direct.Tokens, viaTool.Tokens);
        Assert.NotEmpty(reports);
        Assert.Contains(reports, r => r.Message?.Contains($"chunk {direct.Chunks} of {direct.Chunks}") == true);
    }

    [Fact]
    public void Candidates_AreTheFilesNamedAfterTheSource()
    {
        var names = models.Evaluations.CandidatesFor(QuantizedModelsFixture.SourceName).Select(f => f.FileName).Order().ToList();

        Assert.Equal([QuantizedModelsFixture.Q2Name, QuantizedModelsFixture.Q8Name], names);
    }

    [Theory]
    [InlineData("no-such-model.gguf", 128, null, 404)]
    [InlineData("", 128, null, 400)]
    [InlineData(QuantizedModelsFixture.SourceName, 4, null, 400)]
    [InlineData(QuantizedModelsFixture.SourceName, 128, "A cat sat on a mat.", 422)]
    [InlineData(QuantizedModelsFixture.SourceName, 4096, null, 422)]
    public async Task BadInput_IsRefusedWithItsStatus(string model, int nCtx, string? text, int status)
    {
        var error = await Assert.ThrowsAsync<EvaluationRequestException>(() =>
            models.Evaluations.PerplexityAsync("u2", onlyOne: true, model, text, nCtx, null, CancellationToken.None));

        Assert.Equal(status, error.StatusCode);
    }

    [Fact]
    public async Task AStudentsSecondEvaluation_WhileTheFirstRuns_Is429()
    {
        EvaluationRequestException? second = null;
        var started = new TaskCompletionSource();
        var first = models.Evaluations.PerplexityAsync("student", onlyOne: true, QuantizedModelsFixture.SourceName, null, 64,
            new Recorder([], () => started.TrySetResult()), CancellationToken.None);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        try
        {
            await models.Evaluations.PerplexityAsync("student", onlyOne: true, QuantizedModelsFixture.SourceName, null, 64, null, CancellationToken.None);
        }
        catch (EvaluationRequestException e)
        {
            second = e;
        }
        await first;

        Assert.Equal(429, second?.StatusCode);
        // once the first has finished, the next one runs
        Assert.True((await models.Evaluations.PerplexityAsync("student", onlyOne: true, QuantizedModelsFixture.SourceName, null, 256, null, CancellationToken.None)).Perplexity > 1);
    }

    [Fact]
    public async Task Compare_GivesTheSourceRowAndOneRowPerFile()
    {
        ModelComparison table = await models.Evaluations.CompareAsync("u3", onlyOne: true, QuantizedModelsFixture.SourceName,
            [QuantizedModelsFixture.Q8Name, QuantizedModelsFixture.Q2Name], null, 128, null, null, CancellationToken.None);

        Assert.Equal([QuantizedModelsFixture.SourceName, QuantizedModelsFixture.Q8Name, QuantizedModelsFixture.Q2Name], table.Rows.Select(r => r.Name));
        Assert.True(table.Rows[2].KlDivergence > table.Rows[1].KlDivergence);
    }

    private sealed class Recorder(List<ModelToolProgress> reports, Action? onReport = null) : IProgress<ModelToolProgress>
    {
        public void Report(ModelToolProgress value)
        {
            lock (reports) reports.Add(value);
            onReport?.Invoke();
        }
    }
}
