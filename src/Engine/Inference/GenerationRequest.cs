using Workbench.Engine.Sampling;

namespace Workbench.Engine.Inference;

/// <summary>A completion request on a rendered prompt.</summary>
public sealed record GenerationRequest
{
    /// <summary>Prompt text; tokenized with BOS as the vocabulary says and special-token text parsed.</summary>
    public required string Prompt { get; init; }

    /// <summary>Sampling parameters (temperature, top_k, top_p, min_p, penalties, seed, grammar).</summary>
    public SamplingOptions Sampling { get; init; } = new();

    /// <summary>Maximum tokens to generate; null = until EOS or the end of the context window.
    /// Must be ≥ 1 when set.</summary>
    public int? MaxTokens { get; init; }

    /// <summary>Stop strings: generation ends before the first occurrence of any, which is not emitted
    /// (OpenAI <c>stop</c>, at most 4 non-empty strings).</summary>
    public IReadOnlyList<string> Stop { get; init; } = [];

    /// <summary>Alternatives reported per token (OpenAI <c>top_logprobs</c>, 0–20). The sampled token's own
    /// log-probability is always reported.</summary>
    public int TopLogprobs { get; init; }

    /// <summary>Grammar step view: for every sampled token, also report how many vocabulary tokens the grammar
    /// allowed at that step (<see cref="SampledToken.GrammarAllowed"/>) and whether each top alternative was allowed
    /// (<see cref="TokenAlternative.Allowed"/>), computed from the raw logits. Needs a grammar; ignored without one.
    /// Costs one extra grammar pass over the whole vocabulary per token.</summary>
    public bool TraceGrammar { get; init; }
}
