namespace Workbench.Web.Components.Pages.Chat;

/// <summary>Live statistics of one reply: measured by the page while streaming, replaced by the engine's own
/// figures when the final update arrives.</summary>
public sealed record ChatStats
{
    /// <summary>From sending to the first token (the engine's figure once final).</summary>
    public TimeSpan? TimeToFirstToken { get; init; }
    /// <summary>Generation speed in tokens per second (after the first token).</summary>
    public double? TokensPerSecond { get; init; }
    /// <summary>Tokens in the rendered prompt, when known.</summary>
    public int? PromptTokens { get; init; }
    /// <summary>Tokens generated so far.</summary>
    public int CompletionTokens { get; init; }
    /// <summary>The per-sequence context window of the loaded model, when known.</summary>
    public int? ContextSize { get; init; }

    /// <summary>Prompt plus completion tokens.</summary>
    public int UsedTokens => (PromptTokens ?? 0) + CompletionTokens;
}
