namespace Workbench.Engine.Evaluation;

/// <summary>How far a model's next-token distributions are from a base model's on the same text and chunks
/// (<see cref="KlDivergenceCalculator"/>), with llama-perplexity <c>--kl-divergence</c>'s statistics.</summary>
/// <param name="MeanKlDivergence">mean over scored positions of KL(base ‖ model) = Σ_i p_base(i) · (ln p_base(i) −
/// ln p_model(i)), in nats; 0 for identical distributions, ≥ 0 always.</param>
/// <param name="KlUncertainty">Standard error of that mean: sqrt((mean(KL²) − mean(KL)²) / (N − 1)).</param>
/// <param name="MaxKlDivergence">The largest KL at any position (nats).</param>
/// <param name="SameTopPercent">Share of positions where both models' most likely token is the same, in % (0 … 100).</param>
/// <param name="MeanProbabilityDelta">mean of p_model(actual next token) − p_base(actual next token), in
/// percentage points (llama.cpp's "Mean Δp").</param>
/// <param name="Positions">N: scored positions compared.</param>
/// <param name="Perplexity">The model's perplexity on the same chunks.</param>
/// <param name="BasePerplexity">The base model's perplexity on the same chunks.</param>
public sealed record KlDivergenceResult(
    double MeanKlDivergence,
    double KlUncertainty,
    double MaxKlDivergence,
    double SameTopPercent,
    double MeanProbabilityDelta,
    int Positions,
    PerplexityResult Perplexity,
    PerplexityResult BasePerplexity);
