using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>llama_chat_message</c> (llama.h), 16 bytes on x64: two borrowed NUL-terminated UTF-8 strings that
/// must stay pinned while <see cref="LlamaNative.llama_chat_apply_template"/> runs.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaChatMessage
{
    /// <summary>Role, UTF-8, NUL-terminated.</summary>
    public byte* role;
    /// <summary>Content, UTF-8, NUL-terminated.</summary>
    public byte* content;
}
