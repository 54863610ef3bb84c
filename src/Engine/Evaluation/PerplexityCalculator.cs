using Workbench.Engine.Inference;

namespace Workbench.Engine.Evaluation;

/// <summary>
/// Perplexity exactly as llama.cpp's <c>llama-perplexity</c> computes it (tools/perplexity/perplexity.cpp,
/// <c>perplexity()</c>, llama.cpp tag v0.5.0), so the numbers can be compared with llama.cpp's own tool:
/// <code>
/// tokens  = tokenize(text, add_special = true)            // BOS first when the vocabulary adds one
/// n_chunk = ⌊len(tokens) / n_ctx⌋,  first = ⌊n_ctx / 2⌋     // requires len(tokens) ≥ 2·n_ctx
/// for each chunk c (tokens c·n_ctx … c·n_ctx + n_ctx − 1, the first one replaced by BOS):
///     decode the chunk on an empty KV cache; for i = first … n_ctx − 2:
///         NLL_i = −log softmax(logits_i)[token_{i+1}]      // log-softmax in double, as log_softmax() there
/// PPL = exp( (1/N) Σ NLL_i ),   N = n_chunk · (n_ctx − first − 1)
/// </code>
/// Only the second half of each chunk is scored so that every scored prediction sees at least n_ctx/2 tokens of
/// context (Hugging Face's "perplexity of fixed-length models", which the llama.cpp source cites).
/// The chunk layout is <see cref="EvaluationChunks"/>, the decode loop <see cref="ChunkScorer"/>.
/// </summary>
public static class PerplexityCalculator
{
    /// <summary>The smallest n_ctx accepted (tokens): below it a chunk scores almost nothing.</summary>
    public const int MinContextSize = 16;

    /// <summary>Loads the GGUF at <paramref name="modelPath"/> and measures its perplexity on
    /// <paramref name="text"/>.</summary>
    /// <param name="modelPath">A GGUF model file (loaded with weights; <see cref="EngineOptions.GpuLayers"/>).</param>
    /// <param name="text">The evaluation text, e.g. <see cref="EvaluationTexts.Default"/>.</param>
    /// <param name="contextSize">n_ctx: tokens per chunk, 16 … the model's n_ctx_train.</param>
    /// <param name="options">Threads (<see cref="EngineOptions.EffectiveThreads"/>) and GPU layers.</param>
    /// <param name="progress">Receives (chunks done, n_chunk) after each chunk.</param>
    /// <param name="cancellationToken">Cancels between chunks.</param>
    /// <exception cref="EvaluationException">The text has fewer than 2 × n_ctx tokens, or n_ctx is out of range.</exception>
    /// <exception cref="ModelLoadException">The file cannot be loaded.</exception>
    /// <exception cref="TokenizationException">The vocabulary cannot encode the text.</exception>
    public static PerplexityResult Compute(string modelPath, string text, int contextSize, EngineOptions options,
        IProgress<EvaluationProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        using LlamaModel model = LlamaModel.Load(modelPath, options.GpuLayers, vocabOnly: false, null, cancellationToken);
        return Compute(model, text, contextSize, options.EffectiveThreads, progress, cancellationToken);
    }

    /// <summary>Measures the perplexity of a loaded model (see the type's summary for the formula).</summary>
    internal static PerplexityResult Compute(LlamaModel model, string text, int contextSize, int threads,
        IProgress<EvaluationProgress>? progress, CancellationToken cancellationToken)
    {
        EvaluationChunks chunks = EvaluationChunks.Create(model, text, contextSize);
        var nll = new NllAccumulator();
        string name = System.IO.Path.GetFileName(model.Path);
        ChunkScoringStats stats = ChunkScorer.Run(model, chunks, threads,
            (_, logits, target) => nll.Add(NextTokenLogProbabilities.NegativeLogLikelihood(logits, target)),
            done => progress?.Report(new EvaluationProgress(done, chunks.ChunkCount, $"{name}: chunk {done} of {chunks.ChunkCount}")),
            cancellationToken);
        return new PerplexityResult(nll.Perplexity, nll.PerplexityUncertainty, nll.Mean, chunks.ChunkCount,
            chunks.TokenCount, nll.Count, contextSize, stats.TokensPerSecond);
    }
}
