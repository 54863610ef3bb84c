using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>llama_sampler_chain_params</c> (llama.h), 1 byte.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaSamplerChainParams
{
    private byte no_perf;

    /// <summary>no_perf: do not measure sampling timings.</summary>
    public bool NoPerf { readonly get => no_perf != 0; set => no_perf = value ? (byte)1 : (byte)0; }
}
