namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_rope_scaling_type</c> (llama.h).</summary>
internal enum LlamaRopeScalingType
{
    /// <summary>LLAMA_ROPE_SCALING_TYPE_UNSPECIFIED: from the model.</summary>
    UNSPECIFIED = -1,
    /// <summary>LLAMA_ROPE_SCALING_TYPE_NONE.</summary>
    NONE = 0,
    /// <summary>LLAMA_ROPE_SCALING_TYPE_LINEAR.</summary>
    LINEAR = 1,
    /// <summary>LLAMA_ROPE_SCALING_TYPE_YARN.</summary>
    YARN = 2,
    /// <summary>LLAMA_ROPE_SCALING_TYPE_LONGROPE.</summary>
    LONGROPE = 3,
}
