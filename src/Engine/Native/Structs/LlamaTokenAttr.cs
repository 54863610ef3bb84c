namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_token_attr</c> (llama.h): bit flags describing a vocabulary entry.</summary>
[Flags]
internal enum LlamaTokenAttr
{
    /// <summary>LLAMA_TOKEN_ATTR_UNDEFINED.</summary>
    UNDEFINED = 0,
    /// <summary>LLAMA_TOKEN_ATTR_UNKNOWN.</summary>
    UNKNOWN = 1 << 0,
    /// <summary>LLAMA_TOKEN_ATTR_UNUSED.</summary>
    UNUSED = 1 << 1,
    /// <summary>LLAMA_TOKEN_ATTR_NORMAL.</summary>
    NORMAL = 1 << 2,
    /// <summary>LLAMA_TOKEN_ATTR_CONTROL.</summary>
    CONTROL = 1 << 3,
    /// <summary>LLAMA_TOKEN_ATTR_USER_DEFINED.</summary>
    USER_DEFINED = 1 << 4,
    /// <summary>LLAMA_TOKEN_ATTR_BYTE: a byte-fallback token such as <c>&lt;0x41&gt;</c>.</summary>
    BYTE = 1 << 5,
    /// <summary>LLAMA_TOKEN_ATTR_NORMALIZED.</summary>
    NORMALIZED = 1 << 6,
    /// <summary>LLAMA_TOKEN_ATTR_LSTRIP.</summary>
    LSTRIP = 1 << 7,
    /// <summary>LLAMA_TOKEN_ATTR_RSTRIP.</summary>
    RSTRIP = 1 << 8,
    /// <summary>LLAMA_TOKEN_ATTR_SINGLE_WORD.</summary>
    SINGLE_WORD = 1 << 9,
}
