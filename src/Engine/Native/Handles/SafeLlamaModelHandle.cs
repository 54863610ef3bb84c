using Microsoft.Win32.SafeHandles;

namespace Workbench.Engine.Native.Handles;

/// <summary>Owns a <c>llama_model*</c>; released with <c>llama_model_free</c>. Contexts hold a reference on it
/// (<see cref="SafeLlamaContextHandle"/>), so the model outlives every context created on it.</summary>
internal sealed class SafeLlamaModelHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    /// <summary>An invalid handle (for marshalling).</summary>
    public SafeLlamaModelHandle() : base(ownsHandle: true) { }

    /// <summary>Takes ownership of <paramref name="model"/> (may be NULL: the handle is then invalid).</summary>
    public SafeLlamaModelHandle(IntPtr model) : base(ownsHandle: true) => SetHandle(model);

    /// <inheritdoc />
    protected override bool ReleaseHandle()
    {
        LlamaNative.llama_model_free(handle);
        return true;
    }
}
