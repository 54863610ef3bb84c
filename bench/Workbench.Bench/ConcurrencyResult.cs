namespace Workbench.Bench;

/// <summary>Aggregate generation throughput with <paramref name="Streams"/> concurrent streams (medians over repeats).</summary>
/// <param name="Streams">Concurrent streams.</param>
/// <param name="AggregateTokensPerSecond">Generation phase: Σ (tokens − 1) over the streams / time from the earliest first token to the latest last token.</param>
/// <param name="WallTokensPerSecond">All streams' completion tokens / wall time from the first request to the last token (prompts included).</param>
/// <param name="PerStreamTokensPerSecond">Median of each stream's own generation tok/s.</param>
/// <param name="TtftMs">Median time to first token of a stream.</param>
/// <param name="Runs">Measured repeats.</param>
/// <param name="PeerAggregateTokensPerSecond">node-llama-cpp's aggregate generation tok/s with as many sequences at once (same definition), or NaN.</param>
internal sealed record ConcurrencyResult(int Streams, double AggregateTokensPerSecond, double WallTokensPerSecond, double PerStreamTokensPerSecond, double TtftMs, int Runs,
    double PeerAggregateTokensPerSecond = double.NaN);
