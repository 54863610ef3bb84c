namespace Workbench.Engine.Memory;

/// <summary>An estimate of the memory a model needs, by part, in bytes (<see cref="VramEstimator.Estimate"/>).</summary>
public sealed record VramBreakdown
{
    /// <summary>Weights (resident: every expert of an MoE model).</summary>
    public long WeightsBytes { get; init; }
    /// <summary>Weights one token reads: for MoE the shared part plus the active experts; equals
    /// <see cref="WeightsBytes"/> for a dense model.</summary>
    public long ActiveWeightsBytes { get; init; }
    /// <summary>The KV cache.</summary>
    public long KvCacheBytes { get; init; }
    /// <summary>The output buffer (logits of one output per sequence).</summary>
    public long OutputBytes { get; init; }
    /// <summary>The compute buffer (an estimate by the rule in <see cref="VramEstimator"/>).</summary>
    public long ComputeBytes { get; init; }
    /// <summary>Weights + KV cache + output + compute.</summary>
    public long TotalBytes => WeightsBytes + KvCacheBytes + OutputBytes + ComputeBytes;
    /// <summary>KV cells llama.cpp allocates: the per-sequence window padded to 256, times the sequences.</summary>
    public long KvCells { get; init; }
    /// <summary>KV cache bytes per cell (one token of one sequence, all layers).</summary>
    public long KvBytesPerToken { get; init; }
    /// <summary>The micro-batch the compute buffer is sized for (n_ubatch).</summary>
    public int MicroBatch { get; init; }
    /// <summary>Whether the weights came from exact bytes (a GGUF's tensors) rather than parameters × bits.</summary>
    public bool WeightsFromFile { get; init; }
    /// <summary>Things to know about this configuration (a cache type llama.cpp will refuse, a window past the
    /// training context, …); empty when none.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];
}
