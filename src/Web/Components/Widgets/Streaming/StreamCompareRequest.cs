namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>What <see cref="StreamCompare"/> hands to <c>stream-compare.js</c> to run (JSON camelCase). The script
/// writes it as OpenAI's body (<c>messages</c>, <c>max_tokens</c>, <c>temperature</c>, <c>seed</c>,
/// <c>ignore_eos</c>, and for SSE <c>stream: true</c> with <c>stream_options.include_usage</c>) or as the hub's
/// <c>ChatStreamRequest</c>.</summary>
public sealed record StreamCompareRequest
{
    /// <summary>The run number (see <see cref="StreamReport.Run"/>).</summary>
    public int Run { get; init; }

    /// <summary>The user message.</summary>
    public string Prompt { get; init; } = "";

    /// <summary>max_tokens, ≥ 1; null = until EOS or the end of the context window.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Temperature, 0–2.</summary>
    public double Temperature { get; init; }

    /// <summary>Seed; null = random.</summary>
    public long? Seed { get; init; }

    /// <summary>Ban end-of-generation tokens (llama-server's <c>ignore_eos</c>): the run lasts max_tokens.</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Cancel each streaming run in the browser once it has received this many items; 0 = never.</summary>
    public int CancelAfter { get; init; }
}
