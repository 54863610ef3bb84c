namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_context_type</c> (llama.h).</summary>
internal enum LlamaContextType
{
    /// <summary>LLAMA_CONTEXT_TYPE_DEFAULT.</summary>
    DEFAULT = 0,
    /// <summary>LLAMA_CONTEXT_TYPE_MTP: multi-token prediction context.</summary>
    MTP = 1,
}
