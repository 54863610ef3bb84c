namespace Workbench.Engine.Memory;

/// <summary>What a <see cref="VramEstimator"/> sizes: the weights' precision (or their exact bytes), the context and
/// the cache type, as llama.cpp would create them.</summary>
public sealed record VramOptions
{
    /// <summary>Largest context window the calculator accepts per sequence (1,048,576 tokens).</summary>
    public const int MaxContextSize = 1 << 20;

    /// <summary>Weight precision for "parameters × bits per weight"; ignored when <see cref="WeightBytes"/> is set.
    /// Default Q4_K_M (llama-quantize's table).</summary>
    public WeightType WeightType { get; init; } = WeightType.Find("Q4_K_M")!;
    /// <summary>Exact weight bytes (a GGUF's tensor data), or null to use <see cref="WeightType"/>.</summary>
    public long? WeightBytes { get; init; }
    /// <summary>Context window per sequence in tokens (llama.cpp pads it up to a multiple of 256); 1 to
    /// <see cref="MaxContextSize"/>. Default 4096.</summary>
    public int ContextSize { get; init; } = 4096;
    /// <summary>Sequences (llama-server's <c>--parallel</c> slots), each with its own <see cref="ContextSize"/>
    /// cells; 1 to 64. Default 1.</summary>
    public int Sequences { get; init; } = 1;
    /// <summary>KV cache element type, K and V alike. Default F16.</summary>
    public KvCacheType CacheType { get; init; } = KvCacheType.F16;
    /// <summary>Logical batch (<c>n_batch</c>); the micro-batch llama.cpp reserves compute for is
    /// min(n_batch, 512, n_ctx). 1 to 65,536. Default 512.</summary>
    public int BatchSize { get; init; } = 512;

    /// <summary>Checks the ranges above.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of its range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(ContextSize, 1, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(ContextSize, MaxContextSize, nameof(ContextSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(Sequences, 1, nameof(Sequences));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Sequences, 64, nameof(Sequences));
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, 65_536, nameof(BatchSize));
        if (WeightBytes is < 0) throw new ArgumentOutOfRangeException(nameof(WeightBytes), "Weight bytes cannot be negative.");
    }
}
