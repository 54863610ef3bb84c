namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>One bar of the inter-token latency histogram.</summary>
/// <param name="Label">The bin's range, for example <c>1–2 ms</c>.</param>
/// <param name="Count">Latencies in the bin.</param>
public sealed record HistogramBin(string Label, int Count);
