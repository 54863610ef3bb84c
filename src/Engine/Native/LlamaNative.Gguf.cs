using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// ggml.h / gguf.h (libggml-base): ggml's own GGUF reader and type traits. The Engine reads GGUF itself
// (Workbench.Engine.Gguf); these bindings are the reference that tests check the Engine's reader and its
// (de)quantization against (GgmlReference).
internal static unsafe partial class LlamaNative
{
    /// <summary><c>ggml_get_type_traits</c>: a pointer to ggml's static traits row of <paramref name="type"/>
    /// (owned by ggml, valid for the process). Aborts the process for a type ≥ GGML_TYPE_COUNT.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial GgmlTypeTraitsNative* ggml_get_type_traits(int type);

    /// <summary><c>gguf_init_from_file</c>: parses a GGUF header; NULL on any error (logged).</summary>
    [LibraryImport(LibGgmlBase, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr gguf_init_from_file(string fname, GgufInitParams @params);

    /// <summary><c>gguf_free</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial void gguf_free(IntPtr ctx);

    /// <summary><c>gguf_get_version</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial uint gguf_get_version(IntPtr ctx);

    /// <summary><c>gguf_get_alignment</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial nuint gguf_get_alignment(IntPtr ctx);

    /// <summary><c>gguf_get_data_offset</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial nuint gguf_get_data_offset(IntPtr ctx);

    /// <summary><c>gguf_get_n_kv</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial long gguf_get_n_kv(IntPtr ctx);

    /// <summary><c>gguf_get_key</c>: borrowed UTF-8 string owned by ctx.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial byte* gguf_get_key(IntPtr ctx, long key_id);

    /// <summary><c>gguf_get_kv_type</c> (enum gguf_type).</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial int gguf_get_kv_type(IntPtr ctx, long key_id);

    /// <summary><c>gguf_get_n_tensors</c>.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial long gguf_get_n_tensors(IntPtr ctx);

    /// <summary><c>gguf_get_tensor_name</c>: borrowed UTF-8 string owned by ctx.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial byte* gguf_get_tensor_name(IntPtr ctx, long tensor_id);

    /// <summary><c>gguf_get_tensor_type</c> (enum ggml_type).</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial int gguf_get_tensor_type(IntPtr ctx, long tensor_id);

    /// <summary><c>gguf_get_tensor_ne</c>: GGML_MAX_DIMS (4) int64 extents owned by ctx, 1 past n_dims.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial long* gguf_get_tensor_ne(IntPtr ctx, long tensor_id);

    /// <summary><c>gguf_get_tensor_offset</c>: from the data section.</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial nuint gguf_get_tensor_offset(IntPtr ctx, long tensor_id);

    /// <summary><c>gguf_get_tensor_size</c>: bytes (<c>ggml_nbytes</c>).</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial nuint gguf_get_tensor_size(IntPtr ctx, long tensor_id);
}
