using System.Numerics.Tensors;

namespace Workbench.Engine.Sampling;

/// <summary>
/// Log-probabilities from one row of raw logits (before any sampler touched them), as OpenAI's <c>logprobs</c>
/// reports them: log-softmax, computed stably (subtract the maximum, then exponentiate and sum).
/// </summary>
/// <remarks>Runs on the scheduler thread for every sampled token of every stream, over the whole vocabulary
/// (n_vocab = 512 to 150,000+), so the normaliser is computed with SIMD (<see cref="TensorPrimitives"/>) rather than one
/// scalar <see cref="Math.Exp"/> per entry: that loop was the largest share of the scheduler's per-token work
/// (issue 10, finding 20; docs/PERFORMANCE.md).</remarks>
internal static class TokenLogprobs
{
    /// <summary>Floats exponentiated per pass: the stack scratch stays in L1 cache whatever n_vocab is.</summary>
    private const int ChunkFloats = 2048;

    /// <summary>The log-normaliser log Σ exp(logit) of a logits row (n_vocab floats); −∞ when every logit is −∞
    /// (or the row is empty).</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        if (logits.IsEmpty) return double.NegativeInfinity;
        var max = TensorPrimitives.Max(logits);
        if (float.IsNegativeInfinity(max)) return double.NegativeInfinity;

        Span<float> scratch = stackalloc float[Math.Min(ChunkFloats, logits.Length)];
        var sum = 0.0; // chunks summed in double, entries within a chunk in float (each exp ≤ 1)
        for (var start = 0; start < logits.Length; start += ChunkFloats)
        {
            var chunk = logits.Slice(start, Math.Min(ChunkFloats, logits.Length - start));
            var exps = scratch[..chunk.Length];
            TensorPrimitives.Subtract(chunk, max, exps); // ≤ 0, so exp ≤ 1: no overflow
            TensorPrimitives.Exp(exps, exps);
            sum += TensorPrimitives.Sum<float>(exps);
        }
        return max + Math.Log(sum);
    }

    /// <summary>log p(token) for a logits row with normaliser <paramref name="logSumExp"/>; clamped to ≤ 0.</summary>
    public static float LogProb(ReadOnlySpan<float> logits, int token, double logSumExp) =>
        (float)Math.Min(0.0, logits[token] - logSumExp);

    /// <summary>
    /// The <paramref name="count"/> most probable tokens of a logits row, sorted by descending log-probability
    /// (ties by ascending id). Uses a bounded min-heap (O(n_vocab · log count)), not a full sort.
    /// </summary>
    public static (int Id, float Logprob)[] Top(ReadOnlySpan<float> logits, int count, double logSumExp)
    {
        count = Math.Min(count, logits.Length);
        if (count <= 0) return [];
        var heap = new PriorityQueue<int, (float Logit, int NegId)>(count + 1);
        for (var id = 0; id < logits.Length; id++)
        {
            var key = (logits[id], -id);
            if (heap.Count < count) heap.Enqueue(id, key);
            else if (heap.TryPeek(out _, out var smallest) && Compare(key, smallest) > 0) heap.EnqueueDequeue(id, key);
        }
        var result = new (int Id, float Logprob)[heap.Count];
        for (var i = result.Length - 1; i >= 0; i--)
        {
            var id = heap.Dequeue();
            result[i] = (id, LogProb(logits, id, logSumExp));
        }
        return result;
    }

    private static int Compare((float Logit, int NegId) a, (float Logit, int NegId) b) =>
        a.Logit != b.Logit ? a.Logit.CompareTo(b.Logit) : a.NegId.CompareTo(b.NegId);
}
