using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>llama_logit_bias</c> (llama.h), 8 bytes: a bias added to one token's logit.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaLogitBias
{
    /// <summary>Token id.</summary>
    public int token;
    /// <summary>Added to the logit (-infinity bans the token).</summary>
    public float bias;
}
