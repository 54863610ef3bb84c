namespace Workbench.Engine.Sampling;

/// <summary>
/// The greedy fast path: for a chain that reduces to arg-max (temperature 0, no grammar, no user logit bias, no-op
/// penalties, top_k ≤ 0, top_p ≥ 1, min_p ≤ 0, optionally ignore_eos bans), the token llama.cpp's chain selects is
/// the first index of the largest logit among the tokens not banned, so the scheduler reads it straight off the
/// logits row instead of copying n_vocab candidates into the native chain and calling six samplers (issue 10,
/// finding 20). The same selection as llama.cpp's: its samplers other than greedy return without touching the
/// candidates for those settings, and <c>llama_sampler_greedy_apply</c> keeps the first of equal maxima.
/// </summary>
internal static class GreedyArgmax
{
    /// <summary>Whether <paramref name="options"/> build a chain that only selects the arg-max (see the class).</summary>
    public static bool Applies(SamplingOptions options) =>
        options.Temperature == 0
        && string.IsNullOrEmpty(options.Grammar)
        && (options.LogitBias is null || options.LogitBias.Count == 0)
        && (options.RepeatLastN == 0 || (options.RepeatPenalty == 1 && options.FrequencyPenalty == 0 && options.PresencePenalty == 0))
        && options.TopK <= 0
        && options.TopP >= 1
        && options.MinP <= 0;

    /// <summary>The first index of the largest logit whose token is not banned, as llama.cpp's greedy sampler picks
    /// it (index 0 when every logit is −∞ or NaN); −1 when that logit is not finite (every token banned), as the
    /// checked chain sampling reports it.</summary>
    /// <param name="logits">A logits row, n_vocab floats.</param>
    /// <param name="banned">n_vocab flags (true = logit −∞, ignore_eos's bans), or null for none.</param>
    public static int Select(ReadOnlySpan<float> logits, bool[]? banned)
    {
        if (logits.IsEmpty) return -1;
        var best = 0;
        var bestLogit = banned is not null && banned[0] ? float.NegativeInfinity : logits[0];
        if (banned is null)
        {
            for (var i = 1; i < logits.Length; i++)
                if (logits[i] > bestLogit) { bestLogit = logits[i]; best = i; }
        }
        else
        {
            for (var i = 1; i < logits.Length; i++)
                if (logits[i] > bestLogit && !banned[i]) { bestLogit = logits[i]; best = i; }
        }
        return float.IsFinite(bestLogit) ? best : -1;
    }
}
