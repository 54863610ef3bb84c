using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

// ggml-cpu.h's persistent threadpool (ggml_threadpool_new / _free, reached through the CPU backend's proc address
// table, because the CPU backend is a dynamically loaded library) and llama.h's llama_attach_threadpool.
internal static unsafe partial class LlamaNative
{
    /// <summary>ggml-backend.h <c>GGML_BACKEND_DEVICE_TYPE_CPU</c>.</summary>
    internal const int GgmlBackendDeviceTypeCpu = 0;

    /// <summary>The first registered device of a type, or NULL (ggml-backend.h).</summary>
    [LibraryImport(LibGgml)]
    internal static partial IntPtr ggml_backend_dev_by_type(int type);

    /// <summary>The backend registry entry of a device (ggml-backend.h).</summary>
    [LibraryImport(LibGgml)]
    internal static partial IntPtr ggml_backend_dev_backend_reg(IntPtr device);

    /// <summary>A backend's exported function by name, or NULL (ggml-backend.h).</summary>
    [LibraryImport(LibGgml, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr ggml_backend_reg_get_proc_address(IntPtr reg, string name);

    /// <summary>Fills a <c>struct ggml_threadpool_params</c> with ggml's defaults for <paramref name="n_threads"/>
    /// (ggml.h; no affinity, normal priority, poll 50, not paused).</summary>
    [LibraryImport(LibGgmlBase)]
    internal static partial void ggml_threadpool_params_init(byte* p, int n_threads);

    /// <summary>Uses <paramref name="threadpool"/> for single-token and batch decodes of <paramref name="ctx"/>
    /// (llama.h; the context does not own it).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_attach_threadpool(IntPtr ctx, IntPtr threadpool, IntPtr threadpool_batch);

    /// <summary>Detaches the threadpool: later decodes create their own threads again (llama.h).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_detach_threadpool(IntPtr ctx);

    /// <summary>Size reserved for <c>struct ggml_threadpool_params</c>: 512 cpumask flags (GGML_MAX_N_THREADS) and
    /// four scalars take 526 bytes with padding 528; twice that leaves room.</summary>
    private const int ThreadpoolParamsBytes = 1024;

    /// <summary>Creates a persistent ggml CPU threadpool of <paramref name="threads"/> threads with ggml's default
    /// parameters, or returns NULL when the CPU backend does not export <c>ggml_threadpool_new</c>.</summary>
    internal static IntPtr CreateCpuThreadpool(int threads)
    {
        var create = CpuProc("ggml_threadpool_new");
        if (create == IntPtr.Zero) return IntPtr.Zero;
        var p = stackalloc byte[ThreadpoolParamsBytes];
        new Span<byte>(p, ThreadpoolParamsBytes).Clear();
        ggml_threadpool_params_init(p, threads);
        return ((delegate* unmanaged[Cdecl]<byte*, IntPtr>)create)(p);
    }

    /// <summary>Frees a threadpool made by <see cref="CreateCpuThreadpool"/> (joins its threads).</summary>
    internal static void FreeCpuThreadpool(IntPtr threadpool)
    {
        var free = CpuProc("ggml_threadpool_free");
        if (free != IntPtr.Zero && threadpool != IntPtr.Zero) ((delegate* unmanaged[Cdecl]<IntPtr, void>)free)(threadpool);
    }

    private static IntPtr CpuProc(string name)
    {
        var device = ggml_backend_dev_by_type(GgmlBackendDeviceTypeCpu);
        if (device == IntPtr.Zero) return IntPtr.Zero;
        var reg = ggml_backend_dev_backend_reg(device);
        return reg == IntPtr.Zero ? IntPtr.Zero : ggml_backend_reg_get_proc_address(reg, name);
    }
}
