namespace Workbench.Engine.Sampling;

/// <summary>
/// Log-probabilities from one row of raw logits (before any sampler touched them), as OpenAI's <c>logprobs</c>
/// reports them: log-softmax, computed stably (subtract the maximum, accumulate in double).
/// </summary>
internal static class TokenLogprobs
{
    /// <summary>The log-normaliser log Σ exp(logit) of a logits row (n_vocab floats).</summary>
    public static double LogSumExp(ReadOnlySpan<float> logits)
    {
        var max = float.NegativeInfinity;
        foreach (var logit in logits) if (logit > max) max = logit;
        if (float.IsNegativeInfinity(max)) return double.NegativeInfinity;
        var sum = 0.0;
        foreach (var logit in logits) sum += Math.Exp(logit - (double)max);
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
