using System.Globalization;

namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>
/// Whether the worker's <c>/health</c> counters show that generation stopped after a cancel: after the cancel,
/// <c>tokens_predicted_total</c> stays the same over at least <see cref="MinimumSamples"/> readings spanning at
/// least <see cref="MinimumQuietMs"/>, <c>slots_processing</c> is back to 0, and <c>requests_cancelled_total</c>
/// rose since the run started (else the request had finished before the cancel arrived). The counters are server-wide,
/// so another user's generation (or another of the widget's runs) delays the verdict; it never fakes it.
/// </summary>
public static class CancellationEvidence
{
    /// <summary>Readings after the cancel that must agree.</summary>
    public const int MinimumSamples = 3;

    /// <summary>How long, ms, the counter must stay flat.</summary>
    public const double MinimumQuietMs = 400;

    /// <summary>Judges the readings taken after <paramref name="cancelledAtMs"/>.</summary>
    /// <param name="samples">Every reading, in time order.</param>
    /// <param name="cancelledAtMs">When the client cancelled (widget clock).</param>
    /// <param name="startedAtMs">When the cancelled request was sent: the last reading before it is the baseline
    /// for "tokens generated for this run".</param>
    /// <param name="clientTokens">Items the client received before it cancelled.</param>
    public static CancellationVerdict Evaluate(IReadOnlyList<ServerSample> samples, double cancelledAtMs, double startedAtMs, int clientTokens)
    {
        ArgumentNullException.ThrowIfNull(samples);
        var after = samples.Where(s => s.AtMs >= cancelledAtMs).ToList();
        var baseline = samples.LastOrDefault(s => s.AtMs <= startedAtMs);
        if (after.Count < MinimumSamples)
            return new CancellationVerdict(false, "Reading the worker's /health counters…", null);

        var last = after[^1];
        // The quiet stretch: the readings at the end that share the last counter value.
        var quietStart = after.Count - 1;
        while (quietStart > 0 && after[quietStart - 1].TokensPredictedTotal == last.TokensPredictedTotal) quietStart--;
        var quietCount = after.Count - quietStart;
        var quietMs = last.AtMs - after[quietStart].AtMs;
        long? generated = baseline is null ? null : last.TokensPredictedTotal - baseline.TokensPredictedTotal;

        if (quietCount >= MinimumSamples && quietMs >= MinimumQuietMs && last.SlotsProcessing == 0)
        {
            if (baseline is not null && last.RequestsCancelledTotal == baseline.RequestsCancelledTotal)
            {
                return new CancellationVerdict(false,
                    "Finished before the cancel arrived: requests_cancelled_total did not change, so the server had nothing left to stop. Raise max_tokens or cancel sooner.",
                    generated);
            }
            var text = string.Create(CultureInfo.InvariantCulture,
                $"Stopped: slots_processing is 0, requests_cancelled_total is {last.RequestsCancelledTotal} and tokens_predicted_total stayed at {last.TokensPredictedTotal} for {quietMs:0} ms ({quietCount} readings).");
            if (generated is { } g)
                text += string.Create(CultureInfo.InvariantCulture, $" The server sampled {g} tokens since this run started; the client received {clientTokens} before cancelling.");
            return new CancellationVerdict(true, text, generated);
        }
        var rising = after[0].TokensPredictedTotal != last.TokensPredictedTotal;
        return new CancellationVerdict(false, string.Create(CultureInfo.InvariantCulture,
            $"Waiting: slots_processing {last.SlotsProcessing}, tokens_predicted_total {last.TokensPredictedTotal}{(rising ? " (still rising: another generation is running)" : "")}."), generated);
    }
}
