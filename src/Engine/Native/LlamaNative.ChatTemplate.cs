using Workbench.Engine.Native.Structs;
using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

// llama.h "Chat templates" (built-in matcher, no Jinja).
internal static unsafe partial class LlamaNative
{
    /// <summary>Formats <paramref name="chat"/> with the template <paramref name="tmpl"/> (a built-in name such as
    /// "chatml", or a template text recognised by the matcher). Returns the total byte length of the result (it may
    /// exceed <paramref name="length"/>: re-run with a larger buffer), or a negative value for an unknown template.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_chat_apply_template(byte* tmpl, LlamaChatMessage* chat, nuint n_msg,
        [MarshalAs(UnmanagedType.U1)] bool add_ass, byte* buf, int length);

    /// <summary>Writes up to <paramref name="len"/> borrowed names of built-in templates into
    /// <paramref name="output"/>; returns the total number of names.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_chat_builtin_templates(byte** output, nuint len);
}
