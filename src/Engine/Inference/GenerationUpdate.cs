namespace Workbench.Engine.Inference;

/// <summary>One item of a generation stream.</summary>
public sealed record GenerationUpdate
{
    /// <summary>The token sampled at this step; null on the final update.</summary>
    public SampledToken? Token { get; init; }

    /// <summary>Text to append to the reply. May be empty while an incomplete UTF-8 sequence or a possible
    /// stop-string prefix is held back; concatenating every update's text gives the whole reply.</summary>
    public string Text { get; init; } = "";

    /// <summary>Why generation ended; set on the final update only.</summary>
    public FinishReason? FinishReason { get; init; }

    /// <summary>Prompt and completion token counts; set on the final update only.</summary>
    public GenerationUsage? Usage { get; init; }

    /// <summary>Latency and throughput; set on the final update only.</summary>
    public GenerationTimings? Timings { get; init; }
}

/// <summary>A sampled token with its probability under the model (log-softmax of the raw logits).</summary>
/// <param name="Id">Token id in [0, n_vocab).</param>
/// <param name="Piece">The token's text piece (may be a partial UTF-8 sequence shown with U+FFFD).</param>
/// <param name="Logprob">Natural log of the token's probability, ≤ 0.</param>
/// <param name="Bytes">The piece's raw UTF-8 bytes (OpenAI <c>logprobs.content[].bytes</c>).</param>
/// <param name="TopAlternatives">The most probable tokens at this step, sorted by descending logprob;
/// length = the request's <see cref="GenerationRequest.TopLogprobs"/>.</param>
public sealed record SampledToken(int Id, string Piece, float Logprob, byte[] Bytes, IReadOnlyList<TokenAlternative> TopAlternatives)
{
    /// <summary>With <see cref="GenerationRequest.TraceGrammar"/>: how many of the n_vocab tokens the grammar allowed
    /// at this step (1 ≤ value ≤ n_vocab); otherwise null.</summary>
    public int? GrammarAllowed { get; init; }
}

/// <summary>A candidate token at one step.</summary>
/// <param name="Id">Token id.</param>
/// <param name="Piece">Its text piece.</param>
/// <param name="Logprob">Natural log probability, ≤ 0.</param>
/// <param name="Bytes">The piece's raw UTF-8 bytes.</param>
public sealed record TokenAlternative(int Id, string Piece, float Logprob, byte[] Bytes)
{
    /// <summary>With <see cref="GenerationRequest.TraceGrammar"/>: whether the grammar allowed this token at this
    /// step; otherwise null.</summary>
    public bool? Allowed { get; init; }
}

/// <summary>Why a generation ended (OpenAI <c>finish_reason</c>, plus <c>cancelled</c>).</summary>
public enum FinishReason
{
    /// <summary>End of generation token or a stop string (<c>stop</c>).</summary>
    Stop,
    /// <summary><c>max_tokens</c> or the context window reached (<c>length</c>).</summary>
    Length,
    /// <summary>The caller cancelled (<c>cancelled</c>).</summary>
    Cancelled,
}

/// <summary>Token counts of one generation (OpenAI <c>usage</c>).</summary>
/// <param name="PromptTokens">Tokens in the prompt.</param>
/// <param name="CompletionTokens">Tokens sampled.</param>
public sealed record GenerationUsage(int PromptTokens, int CompletionTokens)
{
    /// <summary>Prompt plus completion tokens.</summary>
    public int TotalTokens => PromptTokens + CompletionTokens;
}

/// <summary>Latency and throughput of one generation, measured by the engine's own clock.</summary>
/// <param name="TimeToFirstToken">From the request's arrival to the first sampled token (queueing, prompt decode, sampling).</param>
/// <param name="PromptDuration">Time spent decoding the prompt.</param>
/// <param name="GenerationDuration">From the first to the last sampled token.</param>
/// <param name="PromptTokensPerSecond">Prompt tokens / prompt duration.</param>
/// <param name="GenerationTokensPerSecond">(Completion tokens − 1) / generation duration; 0 when fewer than 2 tokens.</param>
public sealed record GenerationTimings(
    TimeSpan TimeToFirstToken,
    TimeSpan PromptDuration,
    TimeSpan GenerationDuration,
    double PromptTokensPerSecond,
    double GenerationTokensPerSecond);
