namespace Workbench.Engine.Evaluation;

/// <summary>Running sums of negative log-likelihoods (Σ NLL, Σ NLL², N), turned into a perplexity as
/// llama-perplexity's final estimate does: mean = Σ/N, PPL = exp(mean), ± = PPL × sqrt((Σ²/N − mean²) / (N − 1)).</summary>
internal sealed class NllAccumulator
{
    private double _sum;
    private double _sumSquares;

    /// <summary>Values added.</summary>
    public int Count { get; private set; }

    /// <summary>Adds one token's NLL (nats).</summary>
    public void Add(double nll)
    {
        _sum += nll;
        _sumSquares += nll * nll;
        Count++;
    }

    /// <summary>mean NLL (nats); NaN when empty.</summary>
    public double Mean => Count == 0 ? double.NaN : _sum / Count;

    /// <summary>exp(mean NLL).</summary>
    public double Perplexity => Math.Exp(Mean);

    /// <summary>PPL × standard error of the mean NLL; 0 when it cannot be computed (N &lt; 2 or no variance).</summary>
    public double PerplexityUncertainty
    {
        get
        {
            if (Count < 2) return 0;
            double variance = _sumSquares / Count - Mean * Mean;
            return variance > 0 ? Math.Sqrt(variance / (Count - 1)) * Perplexity : 0;
        }
    }
}
