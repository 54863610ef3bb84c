using Workbench.Web.Components.Widgets.Streaming;

namespace Workbench.Web.Tests.Components.Streaming;

/// <summary>The numbers the stream-compare widget charts, on hand-made arrival times.</summary>
public sealed class StreamMetricsTests
{
    private static readonly double[] Arrivals = [40, 41, 41, 43, 50, 80, 300];

    [Fact]
    public void TimeToFirstTokenMs_IsTheFirstArrival_OrNullWithoutAny()
    {
        Assert.Equal(40, StreamMetrics.TimeToFirstTokenMs(Arrivals));
        Assert.Null(StreamMetrics.TimeToFirstTokenMs([]));
    }

    [Fact]
    public void InterTokenLatenciesMs_AreTheGapsBetweenConsecutiveArrivals()
    {
        Assert.Equal([1, 0, 2, 7, 30, 220], StreamMetrics.InterTokenLatenciesMs(Arrivals));
        Assert.Empty(StreamMetrics.InterTokenLatenciesMs([12]));
    }

    [Fact]
    public void LatencyHistogram_PutsEachGapInOneBin_AndCountsAddUp()
    {
        var bins = StreamMetrics.LatencyHistogram([0, 0.7, 1, 2, 7, 30, 220, 100]);

        Assert.Equal(StreamMetrics.LatencyBinEdgesMs.Count + 1, bins.Count);
        Assert.Equal(8, bins.Sum(b => b.Count));
        Assert.Equal(("<0.5 ms", 1), (bins[0].Label, bins[0].Count));
        Assert.Equal(("0.5–1 ms", 1), (bins[1].Label, bins[1].Count));
        Assert.Equal(("1–2 ms", 1), (bins[2].Label, bins[2].Count)); // lower edge inclusive
        Assert.Equal(("≥100 ms", 2), (bins[^1].Label, bins[^1].Count));
    }

    [Fact]
    public void TokensPerSecond_IsGapsOverTheSpan_OrNullWhenUndefined()
    {
        Assert.Equal(6 * 1000.0 / 260, StreamMetrics.TokensPerSecond(Arrivals)!.Value, 6);
        Assert.Null(StreamMetrics.TokensPerSecond([5]));
        Assert.Null(StreamMetrics.TokensPerSecond([5, 5]));
    }

    [Fact]
    public void TokensPerSecondSeries_CountsEveryArrivalOnce_InBoundedWindows()
    {
        var series = StreamMetrics.TokensPerSecondSeries(Arrivals);
        Assert.Equal([0.1, 0.2, 0.3, 0.4], series.Select(p => p.Seconds));
        Assert.Equal(Arrivals.Length, series.Sum(p => p.TokensPerSecond * 0.1), 6);

        var long_ = Enumerable.Range(0, 5000).Select(i => i * 2.0).ToArray(); // 10 s of arrivals
        var capped = StreamMetrics.TokensPerSecondSeries(long_, maxPoints: 20);
        Assert.True(capped.Count <= 20, $"{capped.Count} points");
        var window = capped[0].Seconds;
        Assert.Equal(long_.Length, capped.Sum(p => p.TokensPerSecond * window), 6);
        Assert.Empty(StreamMetrics.TokensPerSecondSeries([]));
    }
}
