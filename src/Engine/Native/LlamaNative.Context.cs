using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h: context creation and context queries. llama_context* and llama_memory_t are IntPtr here.
internal static unsafe partial class LlamaNative
{
    /// <summary>Default context parameters.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaContextParams llama_context_default_params();

    /// <summary>Creates a context on <paramref name="model"/>; NULL on failure. Free with <see cref="llama_free"/>
    /// before freeing the model.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_init_from_model(IntPtr model, LlamaContextParams @params);

    /// <summary>Frees a context.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_free(IntPtr ctx);

    /// <summary>Actual context size (all sequences).</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_n_ctx(IntPtr ctx);

    /// <summary>Actual context size per sequence.</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_n_ctx_seq(IntPtr ctx);

    /// <summary>Actual logical batch size.</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_n_batch(IntPtr ctx);

    /// <summary>Actual physical batch size.</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_n_ubatch(IntPtr ctx);

    /// <summary>Actual maximum number of sequences.</summary>
    [LibraryImport(LibLlama)]
    internal static partial uint llama_n_seq_max(IntPtr ctx);

    /// <summary>The model of a context (borrowed).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_get_model(IntPtr ctx);

    /// <summary>The memory (KV cache) of a context (<c>llama_memory_t</c>, owned by the context).</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_get_memory(IntPtr ctx);

    /// <summary>Sets generation and batch thread counts.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_set_n_threads(IntPtr ctx, int n_threads, int n_threads_batch);

    /// <summary>Threads used for generation.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_n_threads(IntPtr ctx);

    /// <summary>Threads used for batch processing.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_n_threads_batch(IntPtr ctx);

    /// <summary>Sets the abort callback (<c>bool (*)(void* data)</c>, true = abort the running decode; CPU only).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_set_abort_callback(IntPtr ctx, IntPtr abort_callback, IntPtr abort_callback_data);

    /// <summary>Waits until all computations are finished.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_synchronize(IntPtr ctx);

    /// <summary>Timings of a context.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaPerfContextData llama_perf_context(IntPtr ctx);

    /// <summary>Resets the timings of a context.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_perf_context_reset(IntPtr ctx);
}
