namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>
/// The numbers the widget charts, computed from item arrival times as the client saw them (ms after the request
/// was sent): time to first token (TTFT), inter-token latencies (ITL, the gaps between consecutive items), an ITL
/// histogram and tokens/s over time. Client-side arrival includes the network and the browser's read batching:
/// items read in the same network chunk arrive with a 0 ms gap.
/// </summary>
public static class StreamMetrics
{
    /// <summary>Upper edges (exclusive) of the ITL histogram bins, ms; a last bin holds everything above.</summary>
    public static IReadOnlyList<double> LatencyBinEdgesMs { get; } = [0.5, 1, 2, 5, 10, 20, 50, 100];

    /// <summary>Time to first token, ms: the first arrival, or null when nothing arrived.</summary>
    /// <param name="arrivalsMs">Arrival times, ascending.</param>
    public static double? TimeToFirstTokenMs(IReadOnlyList<double> arrivalsMs) => arrivalsMs.Count > 0 ? arrivalsMs[0] : null;

    /// <summary>The gaps between consecutive arrivals, ms (one fewer than the arrivals; empty for fewer than two).</summary>
    /// <param name="arrivalsMs">Arrival times, ascending.</param>
    public static IReadOnlyList<double> InterTokenLatenciesMs(IReadOnlyList<double> arrivalsMs) =>
        [.. arrivalsMs.Skip(1).Select((t, i) => t - arrivalsMs[i])];

    /// <summary>Mean tokens per second between the first and the last arrival ((n − 1) / span), or null for fewer
    /// than two arrivals or a zero span.</summary>
    /// <param name="arrivalsMs">Arrival times, ascending.</param>
    public static double? TokensPerSecond(IReadOnlyList<double> arrivalsMs)
    {
        if (arrivalsMs.Count < 2) return null;
        var span = arrivalsMs[^1] - arrivalsMs[0];
        return span > 0 ? (arrivalsMs.Count - 1) * 1000.0 / span : null;
    }

    /// <summary>The ITL histogram: one bin per edge of <see cref="LatencyBinEdgesMs"/> plus one above the last;
    /// the counts add up to the number of latencies.</summary>
    /// <param name="latenciesMs">Inter-token latencies, ms.</param>
    public static IReadOnlyList<HistogramBin> LatencyHistogram(IReadOnlyList<double> latenciesMs)
    {
        var edges = LatencyBinEdgesMs;
        var counts = new int[edges.Count + 1];
        foreach (var latency in latenciesMs)
        {
            var bin = 0;
            while (bin < edges.Count && latency >= edges[bin]) bin++;
            counts[bin]++;
        }
        var bins = new List<HistogramBin>(counts.Length);
        for (var i = 0; i < counts.Length; i++)
        {
            var label = i == 0 ? $"<{Format(edges[0])}" : i == edges.Count ? $"≥{Format(edges[^1])}" : $"{Format(edges[i - 1])}–{Format(edges[i])}";
            bins.Add(new HistogramBin(label + " ms", counts[i]));
        }
        return bins;
    }

    /// <summary>Tokens/s over time: arrivals counted in consecutive windows from the request's start, each point
    /// at its window's end (seconds) with the window's rate. The window is 100 ms, or wider so that a run gives at
    /// most <paramref name="maxPoints"/> points.</summary>
    /// <param name="arrivalsMs">Arrival times, ascending.</param>
    /// <param name="maxPoints">Most points to return, ≥ 1.</param>
    public static IReadOnlyList<RatePoint> TokensPerSecondSeries(IReadOnlyList<double> arrivalsMs, int maxPoints = 60)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 1);
        if (arrivalsMs.Count == 0) return [];
        var window = Math.Max(100.0, Math.Ceiling(arrivalsMs[^1] / maxPoints / 100.0) * 100.0);
        var windows = Math.Min(maxPoints, (int)(arrivalsMs[^1] / window) + 1);
        var counts = new int[windows];
        foreach (var t in arrivalsMs) counts[Math.Min(windows - 1, (int)(t / window))]++;
        return [.. counts.Select((count, i) => new RatePoint(Math.Round((i + 1) * window / 1000.0, 2), count * 1000.0 / window))];
    }

    private static string Format(double ms) => ms.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
}
