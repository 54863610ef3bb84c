using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Web.Hubs;

/// <summary>
/// One item of <see cref="GenerationHub.StreamChat"/> (JSON camelCase, null fields omitted). Every item but the
/// last carries one sampled token; the last carries <see cref="FinishReason"/>, <see cref="Usage"/> and
/// <see cref="Timings"/> (and possibly held-back text).
/// </summary>
public sealed record StreamDelta
{
    /// <summary>Text to append to the reply (may be empty while a UTF-8 sequence or a stop-string prefix is held back).
    /// With tools, the content outside calls only (call markup removed; a held-back marker prefix comes later).</summary>
    public string Text { get; init; } = "";

    /// <summary>With tools: the token's raw text as the model wrote it (call markup included); null without tools.</summary>
    public string? RawText { get; init; }

    /// <summary>With tools: the pieces of calls this item adds, in order; null when none.</summary>
    public IReadOnlyList<StreamToolCallDelta>? ToolCalls { get; init; }

    /// <summary>The sampled token id, or null on the final item.</summary>
    public int? TokenId { get; init; }

    /// <summary>Natural log of the sampled token's probability (≤ 0), or null on the final item.</summary>
    public float? Logprob { get; init; }

    /// <summary>The most probable tokens at this step, sorted by descending logprob; null when none were asked for.</summary>
    public IReadOnlyList<StreamAlternative>? Top { get; init; }

    /// <summary><c>stop</c>, <c>length</c>, <c>tool_calls</c> (at least one call parsed) or <c>cancelled</c> on the
    /// final item; else null.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Token counts, on the final item.</summary>
    public StreamUsage? Usage { get; init; }

    /// <summary>Latency and throughput, on the final item.</summary>
    public StreamTimings? Timings { get; init; }

    /// <summary>Converts an engine update.</summary>
    /// <param name="update">The engine's update.</param>
    public static StreamDelta From(GenerationUpdate update) => FromUpdate(update);

    /// <summary>Converts an engine update of a reply with tools: <paramref name="events"/> are what the session's parser
    /// made of it (<see cref="ToolCallSession.Push"/>, and on the final update <see cref="ToolCallSession.Complete"/>).</summary>
    /// <param name="update">The engine's update.</param>
    /// <param name="events">The parser's events for this update.</param>
    /// <param name="session">The reply's session (for the finish reason).</param>
    public static StreamDelta From(GenerationUpdate update, IReadOnlyList<ToolCallEvent> events, ToolCallSession session)
    {
        ArgumentNullException.ThrowIfNull(update);
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(session);
        var calls = new List<StreamToolCallDelta>();
        foreach (var e in events)
        {
            switch (e)
            {
                case ToolCallStarted s: calls.Add(new StreamToolCallDelta(s.Index, s.Id, s.Name, "")); break;
                case ToolCallArgumentsDelta a: calls.Add(new StreamToolCallDelta(a.Index, null, null, a.Fragment)); break;
                case ToolCallFailed f: calls.Add(new StreamToolCallDelta(f.Index, null, null, "", Failed: true)); break;
            }
        }
        return FromUpdate(update) with
        {
            Text = string.Concat(events.OfType<ContentDelta>().Select(d => d.Text)),
            RawText = update.Text,
            ToolCalls = calls.Count > 0 ? calls : null,
            FinishReason = update.FinishReason is { } reason ? session.FinishReason(reason) : null,
        };
    }

    private static StreamDelta FromUpdate(GenerationUpdate update) => new()
    {
        Text = update.Text,
        TokenId = update.Token?.Id,
        Logprob = update.Token?.Logprob,
        Top = update.Token is { TopAlternatives.Count: > 0 } token
            ? [.. token.TopAlternatives.Select(a => new StreamAlternative(a.Id, a.Piece, a.Logprob))]
            : null,
        FinishReason = update.FinishReason switch
        {
            Engine.Inference.FinishReason.Stop => "stop",
            Engine.Inference.FinishReason.Length => "length",
            Engine.Inference.FinishReason.Cancelled => "cancelled",
            _ => null,
        },
        Usage = update.Usage is { } usage ? new StreamUsage(usage.PromptTokens, usage.CompletionTokens) : null,
        Timings = update.Timings is { } t
            ? new StreamTimings(t.TimeToFirstToken.TotalMilliseconds, t.PromptDuration.TotalMilliseconds,
                t.GenerationDuration.TotalMilliseconds, t.PromptTokensPerSecond, t.GenerationTokensPerSecond)
            : null,
    };
}
