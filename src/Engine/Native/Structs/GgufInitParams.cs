using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct gguf_init_params</c> (gguf.h), 16 bytes on x64: no_alloc and an optional
/// <c>struct ggml_context**</c> (NULL: read only the header).</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct GgufInitParams
{
    private byte no_alloc;
    /// <summary><c>struct ggml_context**</c> to receive a context holding the tensors, or NULL.</summary>
    public IntPtr ctx;

    /// <summary>no_alloc: do not allocate tensor data.</summary>
    public bool NoAlloc { readonly get => no_alloc != 0; set => no_alloc = value ? (byte)1 : (byte)0; }
}
