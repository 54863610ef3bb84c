namespace Workbench.Engine.Gguf;

/// <summary>Equal-width histograms of float values, for weight views.</summary>
public static class ValueHistogram
{
    /// <summary>Counts <paramref name="values"/> into <paramref name="bins"/> equal bins over [min, max]; values
    /// outside are clamped into the end bins, NaNs skipped. A zero-width range gets a width of 1e-12.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="bins"/> is below 1.</exception>
    public static IReadOnlyList<HistogramBin> Of(ReadOnlySpan<float> values, double min, double max, int bins = 40)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (!(max > min)) max = min + 1e-12;
        var counts = new int[bins];
        double width = (max - min) / bins;
        foreach (float v in values)
        {
            if (float.IsNaN(v)) continue;
            counts[Math.Clamp((int)((v - min) / width), 0, bins - 1)]++;
        }
        return Enumerable.Range(0, bins).Select(i => new HistogramBin(min + i * width, min + (i + 1) * width, counts[i])).ToArray();
    }

    /// <summary>Counts over the values' own range.</summary>
    public static IReadOnlyList<HistogramBin> Of(ReadOnlySpan<float> values, int bins = 40)
    {
        var (min, max) = Range(values);
        return Of(values, min, max, bins);
    }

    /// <summary>The smallest and largest finite value (0, 0 when there is none).</summary>
    public static (double Min, double Max) Range(ReadOnlySpan<float> values)
    {
        double min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (float v in values)
        {
            if (!float.IsFinite(v)) continue;
            min = Math.Min(min, v);
            max = Math.Max(max, v);
        }
        return double.IsInfinity(min) ? (0, 0) : (min, max);
    }

    /// <summary>The values' range between two quantiles (nearest rank on the sorted finite values), for a histogram
    /// whose bins show the bulk of a tensor rather than its few outliers (which <see cref="Of(ReadOnlySpan{float},
    /// double, double, int)"/> then clamps into the end bins). (0, 0) when there is no finite value.</summary>
    /// <param name="values">The values.</param>
    /// <param name="low">Lower quantile, 0–1 (e.g. 0.001).</param>
    /// <param name="high">Upper quantile, 0–1, above <paramref name="low"/> (e.g. 0.999).</param>
    /// <exception cref="ArgumentOutOfRangeException">The quantiles are outside 0–1 or not in order.</exception>
    public static (double Min, double Max) QuantileRange(ReadOnlySpan<float> values, double low, double high)
    {
        if (low < 0 || high > 1 || !(low < high)) throw new ArgumentOutOfRangeException(nameof(low), "Quantiles must satisfy 0 <= low < high <= 1.");
        var finite = new List<float>(values.Length);
        foreach (float v in values) if (float.IsFinite(v)) finite.Add(v);
        if (finite.Count == 0) return (0, 0);
        finite.Sort();
        int last = finite.Count - 1;
        return (finite[(int)Math.Round(low * last)], finite[(int)Math.Round(high * last)]);
    }
}
