using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>llama_token_data</c> (llama.h), 12 bytes: one candidate token.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaTokenData
{
    /// <summary>Token id.</summary>
    public int id;
    /// <summary>Log-odds of the token.</summary>
    public float logit;
    /// <summary>Probability of the token.</summary>
    public float p;
}
