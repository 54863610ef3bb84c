using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

// llama.h "Initialize the llama + ggml backend" and ggml-backend.h "Backend registry".
internal static unsafe partial class LlamaNative
{
    /// <summary>Initialises llama + ggml. Call once, after <see cref="ggml_backend_load_all_from_path"/>.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_backend_init();

    /// <summary>Releases global llama state (call once at the end of the program).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_backend_free();

    /// <summary>Loads every ggml backend library (<c>libggml-cpu-*.so</c>, <c>libggml-cuda.so</c>, ...) found in
    /// <paramref name="dir_path"/> (ggml-backend.h). Without it no CPU backend is registered.</summary>
    [LibraryImport(LibGgml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial void ggml_backend_load_all_from_path(string dir_path);

    /// <summary>Number of registered ggml backend devices (ggml-backend.h).</summary>
    [LibraryImport(LibGgml)]
    internal static partial nuint ggml_backend_dev_count();

    /// <summary>llama.cpp's version string; borrowed, do not free.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_version();

    /// <summary>Maximum number of devices (size of <c>tensor_split</c>).</summary>
    [LibraryImport(LibLlama)]
    internal static partial nuint llama_max_devices();

    /// <summary>Maximum number of parallel sequences a context supports.</summary>
    [LibraryImport(LibLlama)]
    internal static partial nuint llama_max_parallel_sequences();

    /// <summary>Whether mmap is supported.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_mmap();

    /// <summary>Whether mlock is supported.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_mlock();

    /// <summary>Whether a GPU backend is loaded and can take offloaded layers.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_supports_gpu_offload();

    /// <summary>A text describing CPU features and backends; borrowed static buffer, do not free.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_print_system_info();

    /// <summary>Monotonic time in microseconds.</summary>
    [LibraryImport(LibLlama)]
    internal static partial long llama_time_us();
}
