namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_lazy_mode</c> (llama.h): on-demand reading of tensors.</summary>
internal enum LlamaLazyMode
{
    /// <summary>LLAMA_LAZY_MODE_OFF.</summary>
    OFF = 0,
    /// <summary>LLAMA_LAZY_MODE_AUTO.</summary>
    AUTO = 1,
    /// <summary>LLAMA_LAZY_MODE_ON.</summary>
    ON = 2,
}
