using Workbench.Engine.Gguf;
using Xunit;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>The weight view's histograms: equal bins with outliers clamped into the end bins, and a quantile range
/// so that a few outliers do not squeeze the bulk of a tensor into one or two bins.</summary>
public sealed class ValueHistogramTests
{
    [Fact]
    public void Of_CountsEveryFiniteValue_ClampingOutsideValuesIntoTheEndBins()
    {
        float[] values = [-5f, 0.05f, 0.15f, 0.15f, 0.95f, 7f, float.NaN];

        var bins = ValueHistogram.Of(values, 0, 1, 10);

        Assert.Equal(10, bins.Count);
        Assert.Equal(6, bins.Sum(b => b.Count));
        Assert.Equal(2, bins[0].Count); // -5 and 0.05
        Assert.Equal(2, bins[1].Count);
        Assert.Equal(2, bins[9].Count); // 0.95 and 7
    }

    [Fact]
    public void QuantileRange_IgnoresTheOutliersThatRangeKeeps()
    {
        var values = Enumerable.Range(0, 1001).Select(i => (i - 500) / 1000f).ToList(); // -0.5 … 0.5
        values.Add(40f);
        values.Add(float.PositiveInfinity);

        var (min, max) = ValueHistogram.QuantileRange(values.ToArray(), 0.001, 0.999);
        var (fullMin, fullMax) = ValueHistogram.Range(values.ToArray());

        Assert.Equal(40, fullMax);
        Assert.Equal(-0.5, fullMin, 6);
        Assert.InRange(min, -0.5, -0.49);
        Assert.InRange(max, 0.49, 0.5);
        Assert.Equal((0d, 0d), ValueHistogram.QuantileRange([float.NaN], 0.001, 0.999));
        Assert.Throws<ArgumentOutOfRangeException>(() => ValueHistogram.QuantileRange(values.ToArray(), 0.9, 0.1));
    }
}
