namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_attention_type</c> (llama.h).</summary>
internal enum LlamaAttentionType
{
    /// <summary>LLAMA_ATTENTION_TYPE_UNSPECIFIED.</summary>
    UNSPECIFIED = -1,
    /// <summary>LLAMA_ATTENTION_TYPE_CAUSAL.</summary>
    CAUSAL = 0,
    /// <summary>LLAMA_ATTENTION_TYPE_NON_CAUSAL.</summary>
    NON_CAUSAL = 1,
}
