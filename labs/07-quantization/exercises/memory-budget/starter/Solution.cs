/// <summary>The shape of a model, as its GGUF header (or config.json) gives it.</summary>
/// <param name="Parameters">All the weights, resident in memory (for a mixture of experts: every expert).</param>
/// <param name="Layers">n_layer, the transformer blocks.</param>
/// <param name="KvHeads">n_head_kv, the key/value heads (fewer than the query heads under grouped-query attention).</param>
/// <param name="HeadDim">The size of one head's key (and value) vector.</param>
/// <param name="MaxContext">The longest context the model was trained for, in tokens.</param>
public sealed record ModelShape(long Parameters, int Layers, int KvHeads, int HeadDim, int MaxContext);

/// <summary>A weight type a model file can be quantized to.</summary>
/// <param name="Name">For example <c>Q4_K</c>.</param>
/// <param name="BitsPerWeight">Its bits per weight, scales included (Q8_0: 34 bytes per 32 weights = 8.5).</param>
public sealed record WeightType(string Name, double BitsPerWeight);

/// <summary>What fits: the type, the context, and the bytes of each part.</summary>
/// <param name="Type">The chosen type's name.</param>
/// <param name="Context">n_ctx, in tokens: a multiple of 256.</param>
/// <param name="WeightBytes">The weights at that type.</param>
/// <param name="KvCacheBytes">The F16 KV cache at that context.</param>
/// <param name="TotalBytes">Weights + KV cache + the fixed overhead.</param>
public sealed record MemoryPlan(string Type, int Context, long WeightBytes, long KvCacheBytes, long TotalBytes);

/// <summary>Sizes a model for a memory budget: weights + F16 KV cache + a fixed overhead.</summary>
public static class MemoryBudget
{
    /// <summary>Contexts are multiples of 256 tokens (llama.cpp pads n_ctx to 256), and 256 is the smallest worth
    /// loading a model for.</summary>
    public const int ContextStep = 256;

    /// <summary>Bytes of one F16 element of the KV cache.</summary>
    public const int KvBytesPerElement = 2;

    /// <summary>The weights' bytes: parameters × bits per weight / 8, rounded up to a whole byte.</summary>
    public static long WeightBytes(long parameters, double bitsPerWeight)
    {
        // TODO 1. parameters × bits / 8, rounded up (Math.Ceiling).
        throw new NotImplementedException("TODO");
    }

    /// <summary>The F16 KV cache's bytes: n_ctx × n_layer × n_head_kv × head_dim × 2 (a key and a value) × 2 bytes.</summary>
    public static long KvCacheBytes(ModelShape model, int context)
    {
        // TODO 2. The product above, in long arithmetic: a 70B model's cache at 128K tokens is 40 GiB, past int.
        throw new NotImplementedException("TODO");
    }

    /// <summary>The type with the most bits per weight that fits with at least 256 tokens of context, at the
    /// largest context (a multiple of 256, at most the model's) that keeps the total within the budget; the first
    /// listed wins a tie; null when nothing fits.</summary>
    /// <param name="budgetBytes">The memory there is, in bytes; a total equal to it fits.</param>
    /// <param name="model">The model's shape.</param>
    /// <param name="types">The candidate types.</param>
    /// <param name="overheadBytes">What is needed besides weights and KV cache (compute buffers, the runtime).</param>
    public static MemoryPlan? Choose(long budgetBytes, ModelShape model, IReadOnlyList<WeightType> types, long overheadBytes)
    {
        // TODO 3. Try the types from the most bits per weight down. For each: what is left for the KV cache after
        //         the weights and the overhead, and how many whole steps of 256 tokens that buys (at most the
        //         model's MaxContext, rounded down to a multiple of 256).
        // TODO 4. The first type that buys at least 256 tokens wins, at that context. None: null.
        throw new NotImplementedException("TODO");
    }
}
