namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_flash_attn_type</c> (llama.h): when to enable Flash Attention.</summary>
internal enum LlamaFlashAttnType
{
    /// <summary>LLAMA_FLASH_ATTN_TYPE_AUTO.</summary>
    AUTO = -1,
    /// <summary>LLAMA_FLASH_ATTN_TYPE_DISABLED.</summary>
    DISABLED = 0,
    /// <summary>LLAMA_FLASH_ATTN_TYPE_ENABLED.</summary>
    ENABLED = 1,
}
