namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_pooling_type</c> (llama.h).</summary>
internal enum LlamaPoolingType
{
    /// <summary>LLAMA_POOLING_TYPE_UNSPECIFIED: from the model.</summary>
    UNSPECIFIED = -1,
    /// <summary>LLAMA_POOLING_TYPE_NONE.</summary>
    NONE = 0,
    /// <summary>LLAMA_POOLING_TYPE_MEAN.</summary>
    MEAN = 1,
    /// <summary>LLAMA_POOLING_TYPE_CLS.</summary>
    CLS = 2,
    /// <summary>LLAMA_POOLING_TYPE_LAST.</summary>
    LAST = 3,
    /// <summary>LLAMA_POOLING_TYPE_RANK.</summary>
    RANK = 4,
}
