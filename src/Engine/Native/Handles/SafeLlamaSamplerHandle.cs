using Microsoft.Win32.SafeHandles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

/// <summary>Owns a sampler chain (<c>llama_sampler*</c> from <c>llama_sampler_chain_init</c>); released with
/// <c>llama_sampler_free</c>, which also frees every sampler added to the chain. The <c>llama_sampler_init_*</c>
/// functions return raw pointers because <c>llama_sampler_chain_add</c> takes ownership of them.</summary>
internal sealed class SafeLlamaSamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>An invalid handle (for marshalling).</summary>
    public SafeLlamaSamplerHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of the chain <paramref name="chain"/>.</summary>
    public SafeLlamaSamplerHandle(IntPtr chain) : base(ownsHandle: true) => SetHandle(chain);

    /// <summary>Creates an empty chain.</summary>
    /// <param name="noPerf">Skip timing measurements (llama_sampler_chain_params.no_perf).</param>
    public static SafeLlamaSamplerHandle CreateChain(bool noPerf = true)
    {
        LlamaSamplerChainParams p = LlamaNative.llama_sampler_chain_default_params();
        p.NoPerf = noPerf;
        return new SafeLlamaSamplerHandle(LlamaNative.llama_sampler_chain_init(p));
    }

    /// <summary>Appends a sampler; the chain takes ownership of it (do not free it yourself).</summary>
    /// <exception cref="ArgumentException"><paramref name="sampler"/> is NULL (an init function failed).</exception>
    public void Add(IntPtr sampler)
    {
        if (sampler == IntPtr.Zero)
            throw new ArgumentException("Cannot add a NULL sampler to a chain.", nameof(sampler));
        LlamaNative.llama_sampler_chain_add(handle, sampler);
    }

    /// <summary>Number of samplers in the chain.</summary>
    public int Count => LlamaNative.llama_sampler_chain_n(handle);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_sampler_free(handle);
        return true;
    }
}
