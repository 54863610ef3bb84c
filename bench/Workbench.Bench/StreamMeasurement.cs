namespace Workbench.Bench;

/// <summary>One measured stream, timed by the client that consumed it.</summary>
/// <param name="PromptTokens">Prompt tokens (as reported by the engine or counted by the peer).</param>
/// <param name="CompletionTokens">Tokens sampled.</param>
/// <param name="TtftMs">From sending the request to the arrival of the first token, in milliseconds.</param>
/// <param name="GenerationMs">From the first token's arrival to the last token's arrival, in milliseconds.</param>
/// <param name="ServerPromptTokensPerSecond">The engine's own prompt tok/s (its timings), when reported.</param>
/// <param name="TokenIds">The sampled token ids, when the transport carries them (to compare outputs).</param>
/// <param name="FirstTokenTimestamp">Stopwatch timestamp of the first token's arrival (in-process runs; 0 otherwise).</param>
/// <param name="LastTokenTimestamp">Stopwatch timestamp of the last token's arrival (in-process runs; 0 otherwise).</param>
internal sealed record StreamMeasurement(
    int PromptTokens,
    int CompletionTokens,
    double TtftMs,
    double GenerationMs,
    double? ServerPromptTokensPerSecond = null,
    IReadOnlyList<int>? TokenIds = null,
    long FirstTokenTimestamp = 0,
    long LastTokenTimestamp = 0)
{
    /// <summary>Client-side time per generated token after the first, in microseconds.</summary>
    public double PerTokenMicroseconds => CompletionTokens > 1 ? GenerationMs * 1000 / (CompletionTokens - 1) : double.NaN;

    /// <summary>Client-side generation throughput: (tokens − 1) / generation time.</summary>
    public double GenerationTokensPerSecond => CompletionTokens > 1 ? (CompletionTokens - 1) / (GenerationMs / 1000) : double.NaN;

    /// <summary>Client-side prompt throughput: prompt tokens / time to first token (prompt decode + one sample + transport).</summary>
    public double PromptTokensPerSecond => PromptTokens / (TtftMs / 1000);
}
