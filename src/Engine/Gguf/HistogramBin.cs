namespace Workbench.Engine.Gguf;

/// <summary>One bin of a value histogram: values in [<see cref="From"/>, <see cref="To"/>) (the last bin includes
/// its upper edge).</summary>
/// <param name="From">Lower edge.</param>
/// <param name="To">Upper edge.</param>
/// <param name="Count">Values in the bin.</param>
public sealed record HistogramBin(double From, double To, int Count)
{
    /// <summary>The bin's centre, formatted for a chart's category axis (3 significant digits).</summary>
    public string Label => ((From + To) / 2).ToString("G3", System.Globalization.CultureInfo.InvariantCulture);
}
