namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_split_mode</c> (llama.h): how a model is split across GPUs.</summary>
internal enum LlamaSplitMode
{
    /// <summary>LLAMA_SPLIT_MODE_NONE: single GPU.</summary>
    NONE = 0,
    /// <summary>LLAMA_SPLIT_MODE_LAYER: split layers and KV across GPUs.</summary>
    LAYER = 1,
    /// <summary>LLAMA_SPLIT_MODE_ROW: split rows (tensor parallelism where supported).</summary>
    ROW = 2,
    /// <summary>LLAMA_SPLIT_MODE_TENSOR.</summary>
    TENSOR = 3,
}
