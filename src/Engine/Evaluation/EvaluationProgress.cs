namespace Workbench.Engine.Evaluation;

/// <summary>How far an evaluation is: <see cref="Completed"/> of <see cref="Total"/> steps (chunks for a
/// perplexity run; chunks of every model for a comparison), and what it is doing now.</summary>
/// <param name="Completed">Steps done, 0 … <see cref="Total"/>.</param>
/// <param name="Total">Steps in all, at least 1.</param>
/// <param name="Stage">A short human-readable line, e.g. "stories260K-Q8_0.gguf: chunk 3 of 28".</param>
public readonly record struct EvaluationProgress(int Completed, int Total, string Stage)
{
    /// <summary><see cref="Completed"/> / <see cref="Total"/>, in 0 … 1.</summary>
    public double Fraction => Total <= 0 ? 0 : Math.Clamp((double)Completed / Total, 0, 1);
}
