using Microsoft.Win32.SafeHandles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

/// <summary>Owns a <c>llama_context*</c>; released with <c>llama_free</c>. Holds a reference on its model
/// (<c>DangerousAddRef</c>) that it gives back after freeing the context, so disposing the model first is safe.</summary>
internal sealed partial class SafeLlamaContextHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    private readonly SafeLlamaModelHandle? _model;
    private IntPtr _threadpool;

    /// <summary>An invalid handle (for marshalling).</summary>
    public SafeLlamaContextHandle() : base(ownsHandle: true) { }

    private SafeLlamaContextHandle(IntPtr context, SafeLlamaModelHandle model) : base(ownsHandle: true)
    {
        _model = model;
        SetHandle(context);
    }

    /// <summary>The model this context was created on.</summary>
    public SafeLlamaModelHandle Model => _model ?? throw new InvalidOperationException("This context handle has no model.");

    /// <summary>Creates a context with <c>llama_init_from_model</c>.</summary>
    /// <returns>The handle; <see cref="System.Runtime.InteropServices.SafeHandle.IsInvalid"/> is true when llama.cpp
    /// returned NULL (see <see cref="LlamaLog.ThreadLastError"/> for its reason).</returns>
    /// <exception cref="ObjectDisposedException">The model handle is closed.</exception>
    public static SafeLlamaContextHandle Create(SafeLlamaModelHandle model, LlamaContextParams parameters)
    {
        ArgumentNullException.ThrowIfNull(model);
        bool added = false;
        model.DangerousAddRef(ref added);
        IntPtr context = IntPtr.Zero;
        try
        {
            context = LlamaNative.llama_init_from_model(model.DangerousGetHandle(), parameters);
        }
        finally
        {
            if (context == IntPtr.Zero && added)
                model.DangerousRelease();
        }
        return context == IntPtr.Zero ? new SafeLlamaContextHandle() : new SafeLlamaContextHandle(context, model);
    }

    /// <summary>
    /// Gives this context a persistent ggml CPU threadpool of <paramref name="threads"/> threads for every decode,
    /// as llama-server and llama-cli do (llama.cpp common's <c>common_threadpools::init</c>). Without one, ggml
    /// creates and joins its worker threads inside every <c>llama_decode</c>; with one, the workers stay and poll
    /// briefly for the next graph (ggml's default poll level), then sleep. The pool is freed after the context.
    /// </summary>
    /// <returns>False when the CPU backend offers no threadpool (decodes then keep creating their threads).</returns>
    public bool AttachCpuThreadpool(int threads)
    {
        if (_threadpool != IntPtr.Zero || threads < 2) return false;
        _threadpool = LlamaNative.CreateCpuThreadpool(threads);
        if (_threadpool == IntPtr.Zero) return false;
        LlamaNative.llama_attach_threadpool(handle, _threadpool, _threadpool);
        return true;
    }

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_free(handle);
        if (_threadpool != IntPtr.Zero) LlamaNative.FreeCpuThreadpool(_threadpool);
        _threadpool = IntPtr.Zero;
        _model?.DangerousRelease();
        return true;
    }
}
