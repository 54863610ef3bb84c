using System.Text.Json;

namespace Workbench.Engine.Requests;

/// <summary>
/// A generation request as the HTTP API (<c>/v1/chat/completions</c>, <c>/v1/completions</c>, snake_case) and the
/// hub (<c>StreamChat</c>, camelCase) both receive it, before validation: null means "not sent" (the engine's
/// default, see <see cref="Sampling.SamplingOptions"/>). <see cref="RequestValidator.Validate"/> checks it against
/// <see cref="RequestLimits"/> and turns it into a <see cref="ValidatedRequest"/>. Field docs give the wire names
/// (OpenAI Chat Completions reference; llama-server's extensions marked).
/// </summary>
public sealed record ChatRequest
{
    /// <summary><c>messages</c>, oldest first; null for a plain completion (no messages are validated). A chat
    /// request must send at least one.</summary>
    public IReadOnlyList<ChatRequestMessage>? Messages { get; init; }

    /// <summary>Maximum tokens to generate, ≥ 1 and ≤ the model's n_ctx; null = until EOS or the window.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>The wire name <see cref="MaxTokens"/> came in (<c>max_tokens</c>, <c>max_completion_tokens</c> or
    /// llama-server's <c>n_predict</c>), so an error names it. Default <c>max_tokens</c>.</summary>
    public string MaxTokensField { get; init; } = "max_tokens";

    /// <summary><c>temperature</c>, 0–2.</summary>
    public float? Temperature { get; init; }

    /// <summary><c>top_p</c>, (0, 1].</summary>
    public float? TopP { get; init; }

    /// <summary><c>top_k</c> (llama-server), ≥ 0 and ≤ n_vocab.</summary>
    public int? TopK { get; init; }

    /// <summary><c>min_p</c> (llama-server), [0, 1).</summary>
    public float? MinP { get; init; }

    /// <summary><c>repeat_penalty</c> (llama-server), 0–10.</summary>
    public float? RepeatPenalty { get; init; }

    /// <summary><c>repeat_last_n</c> (llama-server), 0–4096 tokens.</summary>
    public int? RepeatLastN { get; init; }

    /// <summary><c>presence_penalty</c>, −2–2.</summary>
    public float? PresencePenalty { get; init; }

    /// <summary><c>frequency_penalty</c>, −2–2.</summary>
    public float? FrequencyPenalty { get; init; }

    /// <summary><c>seed</c>, 0–<see cref="RequestLimits.MaxSeed"/>; −1 or null = random.</summary>
    public long? Seed { get; init; }

    /// <summary><c>stop</c>: at most <see cref="RequestLimits.MaxStopStrings"/> strings; empty strings are
    /// dropped.</summary>
    public IReadOnlyList<string>? Stop { get; init; }

    /// <summary><c>logprobs</c>: report each token's log probability (required for <see cref="TopLogprobs"/>).</summary>
    public bool Logprobs { get; init; }

    /// <summary><c>top_logprobs</c>, 0–<see cref="RequestLimits.MaxTopLogprobs"/>.</summary>
    public int? TopLogprobs { get; init; }

    /// <summary>A GBNF grammar constraining the output (llama-server's <c>grammar</c>, or one the HTTP mapper made
    /// from <c>response_format</c> / <c>json_schema</c>); null or blank = none.</summary>
    public string? Grammar { get; init; }

    /// <summary>The grammar's start rule (extension <c>grammar_root</c>); null = <c>root</c>.</summary>
    public string? GrammarRoot { get; init; }

    /// <summary>Extension <c>grammar_trace</c>: report the grammar step view in logprobs (requires
    /// <see cref="Logprobs"/>).</summary>
    public bool GrammarTrace { get; init; }

    /// <summary><c>ignore_eos</c> (llama-server): ban end-of-generation tokens.</summary>
    public bool? IgnoreEos { get; init; }

    /// <summary><c>logit_bias</c>: token id written as a string → bias from −100 to 100; at most
    /// <see cref="RequestLimits.MaxLogitBiasEntries"/> entries; ids below the model's n_vocab.</summary>
    public IReadOnlyDictionary<string, float>? LogitBias { get; init; }

    /// <summary><c>n</c>: only 1 is supported.</summary>
    public int? N { get; init; }

    /// <summary><c>tools</c>: the functions the model may call; null or empty = none.</summary>
    public IReadOnlyList<ChatRequestTool>? Tools { get; init; }

    /// <summary><c>tool_choice</c> as sent: <c>"auto"</c>, <c>"none"</c>, <c>"required"</c> or
    /// <c>{"type": "function", "function": {"name": ...}}</c>; null = auto with tools, none without.</summary>
    public JsonElement? ToolChoice { get; init; }

    /// <summary><c>parallel_tool_calls</c>: whether a reply may hold several calls; null = true.</summary>
    public bool? ParallelToolCalls { get; init; }
}
