using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Sampling;

/// <summary>
/// One generation's sampler, built by <see cref="SamplerChainBuilder"/>: llama.cpp's sampler chain and, when the
/// request has a grammar, the grammar sampler kept beside the chain rather than inside it — the shape of llama.cpp's
/// <c>common_sampler</c> (its <c>grmr</c> and <c>chain</c>). With a grammar, a token is chosen by grammar-based
/// rejection sampling (<see cref="SafeLlamaSamplerHandle.SampleAndAccept(ReadOnlySpan{float}, LlamaTokenData[], SafeLlamaSamplerHandle)"/>):
/// the grammar is asked about the chain's choice alone, and applied to the whole vocabulary only when it rejects
/// that choice. Inside a JSON string of a tool call most choices are allowed, so most steps skip the grammar's
/// pass over every candidate (issue 11, section 6; docs/PERFORMANCE.md). Owns both handles; one thread at a time.
/// </summary>
internal sealed class TokenSampler : IDisposable
{
    /// <summary>Takes ownership of <paramref name="chain"/> and <paramref name="grammar"/>.</summary>
    public TokenSampler(SafeLlamaSamplerHandle chain, SafeLlamaSamplerHandle? grammar)
    {
        Chain = chain;
        Grammar = grammar;
    }

    /// <summary>The chain: logit bias → penalties → top_k → top_p → min_p → temperature → dist (or greedy).</summary>
    public SafeLlamaSamplerHandle Chain { get; }

    /// <summary>The grammar sampler (lazy when the request has triggers), or null.</summary>
    public SafeLlamaSamplerHandle? Grammar { get; }

    /// <summary>Chooses and accepts the next token from a raw logits row.</summary>
    /// <param name="logits">Raw logits, n_vocab floats.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries (overwritten).</param>
    /// <returns>The token id, or −1 when every token is forbidden (nothing accepted).</returns>
    public int SampleAndAccept(ReadOnlySpan<float> logits, LlamaTokenData[] candidates) =>
        Grammar is null ? Chain.SampleAndAccept(logits, candidates) : Chain.SampleAndAccept(logits, candidates, Grammar);

    /// <inheritdoc />
    public void Dispose()
    {
        Grammar?.Dispose();
        Chain.Dispose();
    }
}
