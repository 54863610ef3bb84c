namespace Workbench.Engine.Evaluation;

/// <summary>
/// Log-softmax of one row of logits, computed as llama.cpp's perplexity tool does (tools/perplexity/perplexity.cpp,
/// <c>log_softmax</c>): m = max logit (float); S = Σ exp(logit − m) summed in double over float <c>expf</c> terms;
/// log p(token) = logit[token] − m − ln S. Subtracting the maximum keeps every exponent ≤ 0, so nothing overflows.
/// </summary>
internal static class NextTokenLogProbabilities
{
    /// <summary>−log p(<paramref name="token"/>) under softmax(<paramref name="logits"/>), in nats.</summary>
    public static double NegativeLogLikelihood(ReadOnlySpan<float> logits, int token)
    {
        (float max, double logSumExp) = Normalizer(logits);
        return -(logits[token] - max - logSumExp);
    }

    /// <summary>Writes log p(i) for every token i into <paramref name="logProbabilities"/> (same length as the logits)
    /// and returns the most likely token (the first one on ties, as llama.cpp's scan does).</summary>
    public static int Fill(ReadOnlySpan<float> logits, Span<float> logProbabilities)
    {
        (float max, double logSumExp) = Normalizer(logits);
        int top = 0;
        for (int i = 0; i < logits.Length; i++)
        {
            logProbabilities[i] = (float)(logits[i] - max - logSumExp);
            if (logits[i] > logits[top]) top = i;
        }
        return top;
    }

    /// <summary>The index of the largest logit (the first on ties): the greedy choice.</summary>
    public static int ArgMax(ReadOnlySpan<float> logits)
    {
        int top = 0;
        for (int i = 1; i < logits.Length; i++)
            if (logits[i] > logits[top]) top = i;
        return top;
    }

    private static (float Max, double LogSumExp) Normalizer(ReadOnlySpan<float> logits)
    {
        float max = logits[0];
        for (int i = 1; i < logits.Length; i++)
            max = Math.Max(max, logits[i]);
        double sumExp = 0;
        for (int i = 0; i < logits.Length; i++)
            sumExp += MathF.Exp(logits[i] - max);
        return (max, Math.Log(sumExp));
    }
}
