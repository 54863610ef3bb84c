using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

/// <summary>Owns a <c>llama_model*</c>; released with <c>llama_model_free</c>. Contexts hold a reference on it
/// (<see cref="SafeLlamaContextHandle"/>), so the model outlives every context created on it. Every query method
/// holds a reference for the duration of its native call, so a concurrent Dispose defers the free instead of
/// freeing under the call; after disposal they throw <see cref="ObjectDisposedException"/>.</summary>
internal sealed unsafe partial class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>An invalid handle (for marshalling).</summary>
    public SafeLlamaModelHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="model"/> (may be NULL: the handle is then invalid).</summary>
    public SafeLlamaModelHandle(IntPtr model) : base(ownsHandle: true) => SetHandle(model);

    /// <summary>Loads a GGUF (<c>llama_model_load_from_file</c> with <c>llama_model_default_params</c>).</summary>
    /// <param name="path">Full path of the GGUF file.</param>
    /// <param name="gpuLayers">n_gpu_layers; −1 = all; ignored by the CPU backend.</param>
    /// <param name="vocabOnly">Load only the vocabulary and metadata (vocab_only).</param>
    /// <param name="onProgress">Called on this thread with llama.cpp's progress (0 to 1); return false to abort the
    /// load. It must not throw: an exception is treated as false.</param>
    /// <returns>The handle; invalid when llama.cpp returned NULL (its reasons are in <see cref="LlamaLog.ThreadErrors"/>,
    /// reset first).</returns>
    public static SafeLlamaModelHandle LoadFromFile(string path, int gpuLayers, bool vocabOnly, Func<float, bool> onProgress)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(onProgress);
        LlamaModelParams parameters = LlamaNative.llama_model_default_params();
        parameters.n_gpu_layers = gpuLayers;
        parameters.VocabOnly = vocabOnly;
        GCHandle state = GCHandle.Alloc(onProgress);
        try
        {
            parameters.progress_callback = (IntPtr)(delegate* unmanaged[Cdecl]<float, IntPtr, byte>)&OnProgress;
            parameters.progress_callback_user_data = GCHandle.ToIntPtr(state);
            LlamaLog.ResetThreadError();
            return new SafeLlamaModelHandle(LlamaNative.llama_model_load_from_file(path, parameters));
        }
        finally
        {
            state.Free();
        }
    }

    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    private static byte OnProgress(float value, IntPtr userData)
    {
        try
        {
            var onProgress = (Func<float, bool>)GCHandle.FromIntPtr(userData).Target!;
            return onProgress(value) ? (byte)1 : (byte)0;
        }
        catch
        {
            return 0; // never unwind into llama.cpp; abort the load instead
        }
    }

    /// <summary>The model's vocabulary (<c>llama_model_get_vocab</c>), valid while this handle is open.</summary>
    /// <exception cref="ObjectDisposedException">The handle was disposed.</exception>
    public LlamaVocab GetVocab() => new(this);

    /// <summary>A reference on this handle for the duration of a native call.</summary>
    internal Borrowed Borrow() => new(this);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }

    /// <summary>A reference taken with <c>DangerousAddRef</c>, given back on Dispose.</summary>
    internal readonly ref struct Borrowed
    {
        private readonly SafeLlamaModelHandle _handle;

        public Borrowed(SafeLlamaModelHandle handle)
        {
            bool added = false;
            handle.DangerousAddRef(ref added);
            _handle = handle;
            Model = handle.DangerousGetHandle();
        }

        /// <summary>The <c>llama_model*</c>, valid until Dispose.</summary>
        public IntPtr Model { get; }

        public void Dispose() => _handle.DangerousRelease();
    }
}
