using System.Diagnostics;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Evaluation;

/// <summary>
/// The comparison table of issue 13: for the source and each other file (loaded one at a time), the file size,
/// bits per weight, load time, prompt and generation speed with the same threads, perplexity and its delta from the
/// source, KL divergence of the next-token distributions from the source on the same chunks, and the greedy output
/// of the same prompt. The source runs first: its distributions (<see cref="KlDivergenceCalculator"/>) are the
/// baseline for every other row, so each file is decoded once over the text.
/// </summary>
public static class ModelComparer
{
    /// <summary>The most files besides the source.</summary>
    public const int MaxModels = 16;

    /// <summary>Measures every file; progress counts chunks over all files.</summary>
    /// <param name="request">The files and settings.</param>
    /// <param name="options">Threads (<see cref="EngineOptions.EffectiveThreads"/>) and GPU layers.</param>
    /// <param name="progress">(chunks done, chunks in all) with the file being measured.</param>
    /// <param name="cancellationToken">Cancels between chunks and tokens.</param>
    /// <exception cref="EvaluationException">Bad settings (see <see cref="PerplexityCalculator"/>), too many files, a
    /// file with another vocabulary.</exception>
    /// <exception cref="ModelLoadException">A file cannot be loaded.</exception>
    public static ModelComparison Compare(ModelComparisonRequest request, EngineOptions options,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(options);
        if (request.Models.Count > MaxModels)
            throw new EvaluationException($"At most {MaxModels} files can be compared at once (got {request.Models.Count}).");
        if (request.GenerationTokens is < 1 or > 256)
            throw new EvaluationException($"The greedy output length must be 1 … 256 tokens (got {request.GenerationTokens}).");
        string text = request.Text ?? EvaluationTexts.Default;
        string prompt = request.Prompt ?? ModelComparisonRequest.DefaultPrompt;
        int threads = options.EffectiveThreads;
        int runs = request.Models.Count + 1;

        var rows = new List<ModelComparisonRow>(runs);
        BaseDistributions baseline;
        ModelComparisonRow sourceRow;
        using (Loaded source = Load(request.Source, options, cancellationToken))
        {
            baseline = KlDivergenceCalculator.RecordBase(source.Model, text, request.ContextSize, threads,
                KlDivergenceCalculator.Offset(progress, 0, runs), cancellationToken);
            PerplexityResult perplexity = baseline.Perplexity!;
            sourceRow = Row(source, perplexity, GreedyGenerator.Run(source.Model, prompt, request.GenerationTokens, threads, cancellationToken), perplexity) with
            {
                IsSource = true,
                SameTopPercent = 100,
            };
        }
        rows.Add(sourceRow);
        for (int i = 0; i < request.Models.Count; i++)
        {
            using Loaded loaded = Load(request.Models[i], options, cancellationToken);
            KlDivergenceResult kl = KlDivergenceCalculator.Compare(loaded.Model, baseline, text, request.ContextSize, threads,
                KlDivergenceCalculator.Offset(progress, i + 1, runs), cancellationToken);
            GreedyRun greedy = GreedyGenerator.Run(loaded.Model, prompt, request.GenerationTokens, threads, cancellationToken);
            rows.Add(Row(loaded, kl.Perplexity, greedy, baseline.Perplexity!) with
            {
                KlDivergence = kl.MeanKlDivergence,
                SameTopPercent = kl.SameTopPercent,
            });
        }
        return new ModelComparison(rows, request.ContextSize, baseline.Perplexity!.Chunks, prompt, threads);
    }

    private static ModelComparisonRow Row(Loaded loaded, PerplexityResult perplexity, GreedyRun greedy, PerplexityResult source)
    {
        LlamaModel model = loaded.Model;
        long parameters = (long)model.Handle.ParameterCount;
        long tensorBytes = (long)model.Handle.TensorBytes;
        return new ModelComparisonRow
        {
            Name = Path.GetFileName(model.Path),
            FileType = model.FileTypeName(),
            FileBytes = new FileInfo(model.Path).Length,
            TensorBytes = tensorBytes,
            Parameters = parameters,
            BitsPerWeight = parameters > 0 ? tensorBytes * 8.0 / parameters : 0,
            LoadSeconds = loaded.LoadSeconds,
            PromptTokensPerSecond = perplexity.PromptTokensPerSecond,
            GenerationTokensPerSecond = greedy.TokensPerSecond,
            Perplexity = perplexity.Perplexity,
            PerplexityUncertainty = perplexity.Uncertainty,
            PerplexityDelta = perplexity.Perplexity - source.Perplexity,
            PerplexityDeltaPercent = (perplexity.Perplexity / source.Perplexity - 1) * 100,
            GreedyOutput = greedy.Text,
            GreedyTokens = greedy.Tokens,
        };
    }

    private static Loaded Load(string path, EngineOptions options, CancellationToken cancellationToken)
    {
        long started = Stopwatch.GetTimestamp();
        LlamaModel model = LlamaModel.Load(path, options.GpuLayers, vocabOnly: false, null, cancellationToken);
        return new Loaded(model, Stopwatch.GetElapsedTime(started).TotalSeconds);
    }

    private sealed record Loaded(LlamaModel Model, double LoadSeconds) : IDisposable
    {
        public void Dispose() => Model.Dispose();
    }
}
