using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>llama_token_data_array</c> (llama.h), 32 bytes on x64: the candidates a sampler works on.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaTokenDataArray
{
    /// <summary>Candidates (<see cref="size"/> entries); samplers may replace this pointer.</summary>
    public LlamaTokenData* data;
    /// <summary>Number of candidates.</summary>
    public nuint size;
    /// <summary>Index in <see cref="data"/> of the selected candidate (not a token id), or −1.</summary>
    public long selected;
    private byte sorted;

    /// <summary>sorted: whether <see cref="data"/> is sorted by logit, descending.</summary>
    public bool Sorted { readonly get => sorted != 0; set => sorted = value ? (byte)1 : (byte)0; }
}
