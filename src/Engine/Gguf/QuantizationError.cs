namespace Workbench.Engine.Gguf;

/// <summary>How far quantized values are from their originals.</summary>
/// <param name="Rmse">Root mean square of <c>after − before</c>.</param>
/// <param name="MaxAbsError">Largest <c>|after − before|</c>.</param>
/// <param name="MeanAbsOriginal">Mean <c>|before|</c>, to read the RMSE against.</param>
public sealed record QuantizationError(double Rmse, double MaxAbsError, double MeanAbsOriginal)
{
    /// <summary>Compares two equal-length runs of values (computed in double).</summary>
    /// <exception cref="ArgumentException">The lengths differ.</exception>
    public static QuantizationError Of(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        if (before.Length != after.Length) throw new ArgumentException("The runs differ in length.", nameof(after));
        if (before.Length == 0) return new QuantizationError(0, 0, 0);
        double squares = 0, max = 0, abs = 0;
        for (int i = 0; i < before.Length; i++)
        {
            double e = (double)after[i] - before[i];
            squares += e * e;
            max = Math.Max(max, Math.Abs(e));
            abs += Math.Abs(before[i]);
        }
        return new QuantizationError(Math.Sqrt(squares / before.Length), max, abs / before.Length);
    }

    /// <summary>Per value, <c>after − before</c>.</summary>
    public static float[] Differences(ReadOnlySpan<float> before, ReadOnlySpan<float> after)
    {
        var d = new float[before.Length];
        for (int i = 0; i < d.Length; i++) d[i] = after[i] - before[i];
        return d;
    }
}
