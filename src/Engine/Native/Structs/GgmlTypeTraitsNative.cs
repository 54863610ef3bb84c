using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct ggml_type_traits</c> (ggml.h), 56 bytes on x64: type_name, blck_size, blck_size_interleave,
/// type_size, is_quantized, to_float (<c>void(const void* x, float* y, int64_t k)</c>) and from_float_ref
/// (<c>void(const float* x, void* y, int64_t k)</c>); k is the element count, a multiple of blck_size.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct GgmlTypeTraitsNative
{
    /// <summary>Borrowed UTF-8 name, e.g. "q8_0".</summary>
    public byte* type_name;
    /// <summary>Elements per block.</summary>
    public long blck_size;
    /// <summary>Elements interleaved per block (repacked types), else 0.</summary>
    public long blck_size_interleave;
    /// <summary>Bytes per block.</summary>
    public nuint type_size;
    private byte is_quantized;
    /// <summary>Dequantizer, or NULL.</summary>
    public delegate* unmanaged<void*, float*, long, void> to_float;
    /// <summary>Reference quantizer, or NULL.</summary>
    public delegate* unmanaged<float*, void*, long, void> from_float_ref;

    /// <summary>is_quantized.</summary>
    public readonly bool IsQuantized => is_quantized != 0;
}
