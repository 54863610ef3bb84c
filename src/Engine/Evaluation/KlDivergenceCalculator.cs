using Workbench.Engine.Inference;

namespace Workbench.Engine.Evaluation;

/// <summary>
/// KL divergence of a model's next-token distributions from a base model's, llama.cpp's <c>llama-perplexity
/// --kl-divergence</c> idea (tools/perplexity/perplexity.cpp, <c>kl_divergence()</c>, tag v0.5.0): run the base
/// (e.g. the F32 source) over the perplexity chunks and keep its log-probabilities at every scored position
/// (<see cref="RecordBase"/>); run the quantized model over the same chunks (<see cref="Compare"/>) and, at each
/// position, compute
/// <code>
/// KL(base ‖ model) = Σ_i p_base(i) · (ln p_base(i) − ln p_model(i))        (nats, ≥ 0, 0 iff equal)
/// </code>
/// then the mean over positions, its standard error, the maximum, how often both models' top token agrees, and the
/// mean change of the actual next token's probability. Both log-softmaxes are computed as for perplexity
/// (<see cref="NextTokenLogProbabilities"/>). Differences from llama.cpp: the base rows are kept as float in memory
/// instead of 16-bit quantized in a file, and every token counts (llama.cpp skips base tokens below e^−16).
/// Both models must share the vocabulary (a quantized file always does).
/// </summary>
public static class KlDivergenceCalculator
{
    /// <summary>Runs the base model over the chunks of <paramref name="text"/> and records its distributions.</summary>
    /// <exception cref="EvaluationException">As <see cref="PerplexityCalculator"/>; or the rows would exceed
    /// <see cref="BaseDistributions.MaxBytes"/>.</exception>
    internal static BaseDistributions RecordBase(LlamaModel baseModel, string text, int contextSize, int threads,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        EvaluationChunks chunks = EvaluationChunks.Create(baseModel, text, contextSize);
        var recorded = new BaseDistributions(chunks.ScoredCount, baseModel.VocabSize);
        var nll = new NllAccumulator();
        string name = System.IO.Path.GetFileName(baseModel.Path);
        ChunkScoringStats stats = ChunkScorer.Run(baseModel, chunks, threads, (index, logits, target) =>
            {
                Span<float> row = recorded.Row(index);
                recorded.Top(index) = NextTokenLogProbabilities.Fill(logits, row);
                nll.Add(-row[target]);
            },
            done => progress?.Report(new EvaluationProgress(done, chunks.ChunkCount, $"{name} (base): chunk {done} of {chunks.ChunkCount}")),
            cancellationToken);
        recorded.Perplexity = new PerplexityResult(nll.Perplexity, nll.PerplexityUncertainty, nll.Mean, chunks.ChunkCount,
            chunks.TokenCount, nll.Count, contextSize, stats.TokensPerSecond);
        return recorded;
    }

    /// <summary>Runs <paramref name="model"/> over the same chunks and compares it with the recorded base.</summary>
    /// <exception cref="EvaluationException">The vocabularies differ, or the text lays out differently for this
    /// model's tokenizer.</exception>
    internal static KlDivergenceResult Compare(LlamaModel model, BaseDistributions baseline, string text, int contextSize,
        int threads, IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        if (model.VocabSize != baseline.VocabSize)
            throw new EvaluationException($"The models have different vocabularies ({model.VocabSize} and {baseline.VocabSize} tokens): KL divergence compares distributions over the same tokens.");
        EvaluationChunks chunks = EvaluationChunks.Create(model, text, contextSize);
        if (chunks.ScoredCount != baseline.PositionCount)
            throw new EvaluationException("The text tokenizes differently for the two models; KL divergence needs the same tokens.");

        var nll = new NllAccumulator();
        double sumKl = 0, sumKl2 = 0, maxKl = 0, sumDelta = 0;
        int sameTop = 0;
        var logProbabilities = new float[model.VocabSize];
        string name = System.IO.Path.GetFileName(model.Path);
        ChunkScoringStats stats = ChunkScorer.Run(model, chunks, threads, (index, logits, target) =>
            {
                int top = NextTokenLogProbabilities.Fill(logits, logProbabilities);
                ReadOnlySpan<float> baseRow = baseline.Row(index);
                double kl = 0;
                for (int i = 0; i < baseRow.Length; i++)
                    kl += Math.Exp(baseRow[i]) * ((double)baseRow[i] - logProbabilities[i]);
                kl = Math.Max(kl, 0); // rounding can leave a tiny negative for identical rows
                sumKl += kl;
                sumKl2 += kl * kl;
                maxKl = Math.Max(maxKl, kl);
                if (top == baseline.Top(index)) sameTop++;
                sumDelta += Math.Exp(logProbabilities[target]) - Math.Exp(baseRow[target]);
                nll.Add(-logProbabilities[target]);
            },
            done => progress?.Report(new EvaluationProgress(done, chunks.ChunkCount, $"{name}: chunk {done} of {chunks.ChunkCount}")),
            cancellationToken);

        int n = nll.Count;
        double mean = sumKl / n;
        double variance = sumKl2 / n - mean * mean;
        double uncertainty = n > 1 && variance > 0 ? Math.Sqrt(variance / (n - 1)) : 0;
        var perplexity = new PerplexityResult(nll.Perplexity, nll.PerplexityUncertainty, nll.Mean, chunks.ChunkCount,
            chunks.TokenCount, n, contextSize, stats.TokensPerSecond);
        return new KlDivergenceResult(mean, uncertainty, maxKl, 100.0 * sameTop / n, 100.0 * sumDelta / n, n,
            perplexity, baseline.Perplexity ?? throw new InvalidOperationException("The base run did not complete."));
    }

    /// <summary>Loads both GGUF files and computes KL(base ‖ model) on <paramref name="text"/>.</summary>
    /// <param name="baseModelPath">The reference, e.g. the F32 source.</param>
    /// <param name="modelPath">The model to judge, e.g. a quantized copy.</param>
    /// <param name="text">The evaluation text.</param>
    /// <param name="contextSize">n_ctx, as for perplexity.</param>
    /// <param name="options">Threads and GPU layers.</param>
    /// <param name="progress">Chunks done over both runs (2 × n_chunk steps).</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <exception cref="EvaluationException">See <see cref="PerplexityCalculator.Compute(string, string, int, EngineOptions, IProgress{EvaluationProgress}?, CancellationToken)"/>; different vocabularies.</exception>
    /// <exception cref="ModelLoadException">A file cannot be loaded.</exception>
    public static KlDivergenceResult Compute(string baseModelPath, string modelPath, string text, int contextSize,
        EngineOptions options, IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        int threads = options.EffectiveThreads;
        BaseDistributions baseline;
        using (LlamaModel baseModel = LlamaModel.Load(baseModelPath, options.GpuLayers, vocabOnly: false, null, cancellationToken))
            baseline = RecordBase(baseModel, text, contextSize, threads, Offset(progress, 0, 2), cancellationToken);
        using LlamaModel model = LlamaModel.Load(modelPath, options.GpuLayers, vocabOnly: false, null, cancellationToken);
        return Compare(model, baseline, text, contextSize, threads, Offset(progress, 1, 2), cancellationToken);
    }

    /// <summary>Maps a run's (done, n_chunk) into run <paramref name="run"/> of <paramref name="runs"/>.</summary>
    internal static IProgress<EvaluationProgress>? Offset(IProgress<EvaluationProgress>? progress, int run, int runs) =>
        progress is null ? null : new Progress(p => progress.Report(new EvaluationProgress(run * p.Total + p.Completed, runs * p.Total, p.Stage)));

    private sealed class Progress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
