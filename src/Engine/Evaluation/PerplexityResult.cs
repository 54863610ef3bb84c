namespace Workbench.Engine.Evaluation;

/// <summary>The result of <see cref="PerplexityCalculator"/>, in llama-perplexity's terms.</summary>
/// <param name="Perplexity">PPL = exp(mean NLL) over the scored tokens; ≥ 1, lower is better; a uniform guess over
/// the vocabulary gives n_vocab.</param>
/// <param name="Uncertainty">llama-perplexity's "±": PPL × sqrt(var(NLL) / (N − 1)), the standard error of the mean
/// NLL carried to PPL (first-order).</param>
/// <param name="MeanNegativeLogLikelihood">mean NLL = ln PPL, in nats per token.</param>
/// <param name="Chunks">n_chunk = ⌊n_tokens / n_ctx⌋.</param>
/// <param name="Tokens">n_tokens of the whole text (BOS included).</param>
/// <param name="ScoredTokens">N = n_chunk × (n_ctx − ⌊n_ctx/2⌋ − 1).</param>
/// <param name="ContextSize">n_ctx used.</param>
/// <param name="PromptTokensPerSecond">Tokens decoded per second of <c>llama_decode</c> time during the run (batches
/// of n_ctx tokens: prompt processing speed).</param>
public sealed record PerplexityResult(
    double Perplexity,
    double Uncertainty,
    double MeanNegativeLogLikelihood,
    int Chunks,
    int Tokens,
    int ScoredTokens,
    int ContextSize,
    double PromptTokensPerSecond);
