using Workbench.Engine.Inference;

namespace Workbench.Web.Hubs;

/// <summary>
/// One item of <see cref="GenerationHub.StreamChat"/> (JSON camelCase, null fields omitted). Every item but the
/// last carries one sampled token; the last carries <see cref="FinishReason"/>, <see cref="Usage"/> and
/// <see cref="Timings"/> (and possibly held-back text).
/// </summary>
public sealed record StreamDelta
{
    /// <summary>Text to append to the reply (may be empty while a UTF-8 sequence or a stop-string prefix is held back).</summary>
    public string Text { get; init; } = "";

    /// <summary>The sampled token id, or null on the final item.</summary>
    public int? TokenId { get; init; }

    /// <summary>Natural log of the sampled token's probability (≤ 0), or null on the final item.</summary>
    public float? Logprob { get; init; }

    /// <summary>The most probable tokens at this step, sorted by descending logprob; null when none were asked for.</summary>
    public IReadOnlyList<StreamAlternative>? Top { get; init; }

    /// <summary><c>stop</c>, <c>length</c> or <c>cancelled</c> on the final item; else null.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Token counts, on the final item.</summary>
    public StreamUsage? Usage { get; init; }

    /// <summary>Latency and throughput, on the final item.</summary>
    public StreamTimings? Timings { get; init; }

    /// <summary>Converts an engine update.</summary>
    /// <param name="update">The engine's update.</param>
    public static StreamDelta From(GenerationUpdate update) => new()
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
