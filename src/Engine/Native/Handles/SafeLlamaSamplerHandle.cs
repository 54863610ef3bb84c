using Microsoft.Win32.SafeHandles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

/// <summary>Owns one <c>llama_sampler*</c>: a chain (<see cref="CreateChain"/>) or a single sampler made by
/// <see cref="LlamaSamplers"/>; released with <c>llama_sampler_free</c>, which for a chain also frees every sampler
/// added to it. <see cref="Add"/> hands a sampler's ownership to a chain: the added handle becomes invalid and
/// frees nothing. Not thread-safe: one thread uses a sampler at a time.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>An invalid handle (for marshalling).</summary>
    public SafeLlamaSamplerHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="sampler"/> (may be NULL: the handle is then invalid).</summary>
    public SafeLlamaSamplerHandle(IntPtr sampler) : base(ownsHandle: true) => SetHandle(sampler);

    /// <summary>Creates an empty chain (<c>llama_sampler_chain_init</c>).</summary>
    /// <param name="noPerf">Skip timing measurements (llama_sampler_chain_params.no_perf).</param>
    public static SafeLlamaSamplerHandle CreateChain(bool noPerf = true)
    {
        LlamaSamplerChainParams p = LlamaNative.llama_sampler_chain_default_params();
        p.NoPerf = noPerf;
        return new SafeLlamaSamplerHandle(LlamaNative.llama_sampler_chain_init(p));
    }

    /// <summary>Appends <paramref name="sampler"/> to this chain (<c>llama_sampler_chain_add</c>); the chain takes
    /// ownership, and <paramref name="sampler"/> is left invalid (disposing it is then a no-op).</summary>
    /// <exception cref="ArgumentException"><paramref name="sampler"/> is invalid (its init function returned NULL,
    /// or it was already added to a chain).</exception>
    public void Add(SafeLlamaSamplerHandle sampler)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        if (sampler.IsInvalid || sampler.IsClosed)
            throw new ArgumentException("Cannot add a NULL or already added sampler to a chain.", nameof(sampler));
        LlamaNative.llama_sampler_chain_add(handle, sampler.handle);
        sampler.SetHandleAsInvalid();
    }

    /// <summary>Number of samplers in the chain (<c>llama_sampler_chain_n</c>).</summary>
    public int Count => LlamaNative.llama_sampler_chain_n(handle);

    /// <summary>Tells the sampler which token was chosen (<c>llama_sampler_accept</c>: penalty history, grammar
    /// state, ...). For a grammar, <paramref name="token"/> must be one the grammar allows, or llama.cpp aborts the
    /// process.</summary>
    public void Accept(int token) => LlamaNative.llama_sampler_accept(handle, token);

    /// <summary>Applies the chain to <paramref name="logits"/> (n_vocab floats) and accepts the selected token when
    /// its logit is finite (see <see cref="LlamaNative.SampleAndAccept"/>).</summary>
    /// <param name="logits">Raw logits, n_vocab floats.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries (overwritten).</param>
    /// <returns>The token id, or −1 when every token was forbidden (nothing accepted).</returns>
    public int SampleAndAccept(ReadOnlySpan<float> logits, LlamaTokenData[] candidates) =>
        LlamaNative.SampleAndAccept(handle, logits, candidates);

    /// <summary>Samples from this chain under <paramref name="grammar"/> by grammar-based rejection sampling, as
    /// llama-server does (see <see cref="LlamaNative.SampleAndAcceptWithGrammar"/>): the chain first, the grammar asked
    /// about the chosen token only, and over the whole vocabulary only when it rejects that token.</summary>
    /// <param name="logits">Raw logits, n_vocab floats.</param>
    /// <param name="candidates">Scratch space of at least n_vocab entries (overwritten).</param>
    /// <param name="grammar">A grammar sampler that is not in this chain.</param>
    /// <returns>The token id (accepted by the grammar and the chain), or −1 when the grammar forbids every token.</returns>
    public int SampleAndAccept(ReadOnlySpan<float> logits, LlamaTokenData[] candidates, SafeLlamaSamplerHandle grammar)
    {
        ArgumentNullException.ThrowIfNull(grammar);
        return LlamaNative.SampleAndAcceptWithGrammar(handle, grammar.handle, logits, candidates);
    }

    /// <summary>Which tokens this grammar chain allows right now (see <see cref="LlamaNative.ApplyGrammarToVocabulary"/>);
    /// accepts nothing.</summary>
    /// <param name="candidates">Scratch space of at least n_vocab entries (overwritten).</param>
    /// <param name="allowed">Output, n_vocab flags indexed by token id.</param>
    /// <returns>How many tokens are allowed, 0 to n_vocab.</returns>
    public int ApplyToVocabulary(LlamaTokenData[] candidates, bool[] allowed) =>
        LlamaNative.ApplyGrammarToVocabulary(handle, candidates, allowed);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
