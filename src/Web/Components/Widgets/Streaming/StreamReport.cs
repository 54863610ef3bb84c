namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>
/// What the browser reports about one transport's run (JSON camelCase from <c>stream-compare.js</c>, sent at most
/// every ~150 ms while it runs and once when it ends). Times are milliseconds on the widget's clock
/// (<c>performance.now()</c> since the widget mounted).
/// </summary>
public sealed record StreamReport
{
    /// <summary><c>json</c>, <c>sse</c> or <c>signalr</c> (<see cref="StreamTransports.Key"/>).</summary>
    public string Transport { get; init; } = "";

    /// <summary>Run number (the widget's count of started runs); reports of an older run are ignored.</summary>
    public int Run { get; init; }

    /// <summary><c>running</c>, <c>done</c>, <c>cancelled</c> (the client aborted) or <c>error</c>.</summary>
    public string State { get; init; } = "running";

    /// <summary>When the request was sent, ms.</summary>
    public double StartedAtMs { get; init; }

    /// <summary>Arrival times of the text-bearing items received since the previous report, ms after
    /// <see cref="StartedAtMs"/> (non-streaming: one, when the body arrived).</summary>
    public IReadOnlyList<double> TokenTimesMs { get; init; } = [];

    /// <summary>Items received in all: SSE <c>data:</c> frames, SignalR stream items, or 1 body.</summary>
    public int Frames { get; init; }

    /// <summary>Network reads that carried them (SSE: <c>ReadableStream</c> chunks; a read can hold several frames).</summary>
    public int Reads { get; init; }

    /// <summary>Characters of assistant text so far.</summary>
    public int Characters { get; init; }

    /// <summary>The server's <c>finish_reason</c> (<c>stop</c>, <c>length</c>, <c>cancelled</c>), once seen.</summary>
    public string? FinishReason { get; init; }

    /// <summary><c>usage.prompt_tokens</c>, once seen.</summary>
    public int? PromptTokens { get; init; }

    /// <summary><c>usage.completion_tokens</c>, once seen.</summary>
    public int? CompletionTokens { get; init; }

    /// <summary>When the client cancelled, ms (widget clock); null unless <see cref="State"/> is <c>cancelled</c>.</summary>
    public double? CancelledAtMs { get; init; }

    /// <summary>The error message (HTTP error envelope, hub error, network failure), when <see cref="State"/> is <c>error</c>.</summary>
    public string? Error { get; init; }
}
