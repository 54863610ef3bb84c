namespace Workbench.Engine.Serving.Wire;

/// <summary>OpenAI <c>usage</c>.</summary>
internal sealed class UsageBody
{
    public int PromptTokens { get; init; }
    public int CompletionTokens { get; init; }
    public int TotalTokens { get; init; }
}

/// <summary>llama-server's <c>timings</c> plus <c>ttft_ms</c>. Milliseconds and tokens per second.</summary>
internal sealed class TimingsBody
{
    public int PromptN { get; init; }
    public double PromptMs { get; init; }
    public double PromptPerSecond { get; init; }
    public int PredictedN { get; init; }
    public double PredictedMs { get; init; }
    public double PredictedPerSecond { get; init; }
    public double TtftMs { get; init; }
}

/// <summary>OpenAI <c>logprobs</c> of a choice: one entry per sampled token.</summary>
internal sealed class LogprobsBody
{
    public required List<TokenLogprobBody> Content { get; init; }
}

/// <summary>A sampled token with its alternatives (<c>logprobs.content[]</c>), plus llama-server's <c>id</c> and this
/// server's grammar step view.</summary>
internal sealed class TokenLogprobBody
{
    public int Id { get; init; }
    public required string Token { get; init; }
    public required int[] Bytes { get; init; }
    public float Logprob { get; init; }
    public required List<TopLogprobBody> TopLogprobs { get; init; }
    /// <summary>Extension, only with request <c>grammar_trace: true</c> and a grammar: how many of the n_vocab tokens
    /// the grammar allowed at this step (1 to n_vocab). Omitted otherwise.</summary>
    public int? GrammarAllowed { get; init; }
}

/// <summary>An alternative token (<c>top_logprobs[]</c>).</summary>
internal sealed class TopLogprobBody
{
    public int Id { get; init; }
    public required string Token { get; init; }
    public required int[] Bytes { get; init; }
    public float Logprob { get; init; }
    /// <summary>Extension, only with request <c>grammar_trace: true</c> and a grammar: whether the grammar allowed
    /// this alternative at this step (the logprob is the model's, before the grammar masked anything). Omitted
    /// otherwise.</summary>
    public bool? Allowed { get; init; }
}
