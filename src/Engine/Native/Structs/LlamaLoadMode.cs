namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_load_mode</c> (llama.h): how model weights are read.</summary>
internal enum LlamaLoadMode
{
    /// <summary>LLAMA_LOAD_MODE_AUTO: decided from the device capabilities.</summary>
    AUTO = -1,
    /// <summary>LLAMA_LOAD_MODE_NONE: plain reads.</summary>
    NONE = 0,
    /// <summary>LLAMA_LOAD_MODE_MMAP.</summary>
    MMAP = 1,
    /// <summary>LLAMA_LOAD_MODE_MLOCK.</summary>
    MLOCK = 2,
    /// <summary>LLAMA_LOAD_MODE_MMAP_MLOCK.</summary>
    MMAP_MLOCK = 3,
    /// <summary>LLAMA_LOAD_MODE_DIRECT_IO.</summary>
    DIRECT_IO = 4,
}
