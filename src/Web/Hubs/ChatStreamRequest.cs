using System.Text.Json;

namespace Workbench.Web.Hubs;

/// <summary>
/// The argument of <see cref="GenerationHub.StreamChat"/> (JSON camelCase). Null parameters take the engine's
/// defaults (see <c>SamplingOptions</c>); ranges are OpenAI's and llama-server's (<c>RequestLimits</c>), checked by
/// the same <c>RequestValidator</c> as the HTTP API, and a value out of range is a <c>HubException</c> naming the
/// camelCase field.
/// </summary>
public sealed record ChatStreamRequest
{
    /// <summary>The conversation, oldest first; at least one message.</summary>
    public IReadOnlyList<ChatStreamMessage> Messages { get; init; } = [];

    /// <summary>A llama.cpp built-in chat template name (for example <c>chatml</c>); null = the model's own, or
    /// the configured <c>Engine:ChatTemplate</c> when it has none.</summary>
    public string? ChatTemplate { get; init; }

    /// <summary>Maximum tokens to generate, ≥ 1; null = until EOS or the end of the context window.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Temperature, 0–2 (0 = greedy).</summary>
    public float? Temperature { get; init; }

    /// <summary>Top-k, ≥ 0 (0 = off).</summary>
    public int? TopK { get; init; }

    /// <summary>Top-p, (0, 1].</summary>
    public float? TopP { get; init; }

    /// <summary>Min-p, [0, 1).</summary>
    public float? MinP { get; init; }

    /// <summary>Repetition penalty, 0–10 (1 = off).</summary>
    public float? RepeatPenalty { get; init; }

    /// <summary>Presence penalty, −2–2.</summary>
    public float? PresencePenalty { get; init; }

    /// <summary>Frequency penalty, −2–2.</summary>
    public float? FrequencyPenalty { get; init; }

    /// <summary>Seed, 0–4294967295; null or −1 = random.</summary>
    public long? Seed { get; init; }

    /// <summary>Stop strings (at most 4; empty ones are dropped); generation ends before the first one.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary>Alternatives reported per token, 0–20.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>A GBNF grammar constraining the output.</summary>
    public string? Grammar { get; init; }

    /// <summary>Ban end-of-generation tokens: write until maxTokens or the context window (llama-server's ignore_eos).</summary>
    public bool? IgnoreEos { get; init; }

    /// <summary>OpenAI's <c>logit_bias</c>: token id (as a string key, as in OpenAI's JSON) → bias from −100 to 100;
    /// at most 300 entries.</summary>
    public IReadOnlyDictionary<string, float>? LogitBias { get; init; }

    /// <summary>OpenAI's <c>tools</c>: the functions the model may call (at most 128).</summary>
    public IReadOnlyList<ChatStreamTool>? Tools { get; init; }

    /// <summary>OpenAI's <c>tool_choice</c>: <c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or
    /// <c>{"type": "function", "function": {"name": ...}}</c>; null = auto with tools, none without.</summary>
    public JsonElement? ToolChoice { get; init; }

    /// <summary>OpenAI's <c>parallel_tool_calls</c>; null = true.</summary>
    public bool? ParallelToolCalls { get; init; }
}
