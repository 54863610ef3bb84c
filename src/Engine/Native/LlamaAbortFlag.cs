using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// A flag llama.cpp polls between graph nodes of a decode (a <c>ggml_abort_callback</c> reading an int): while it is
/// set, <c>llama_decode</c> stops and returns 2. The int lives on the pinned object heap, so its address stays valid
/// for as long as this object is reachable; keep it alive for as long as the context it is attached to.
/// <see cref="Request"/> and <see cref="Clear"/> are safe from any thread.
/// </summary>
internal sealed class LlamaAbortFlag
{
    private readonly int[] _flag = GC.AllocateArray<int>(1, pinned: true);

    /// <summary>Sets the flag: the running decode (if any) stops at its next graph node.</summary>
    public void Request() => Volatile.Write(ref _flag[0], 1);

    /// <summary>Clears the flag (before a decode).</summary>
    public void Clear() => Volatile.Write(ref _flag[0], 0);

    /// <summary>Whether the flag is set.</summary>
    public bool IsRequested => Volatile.Read(ref _flag[0]) != 0;

    /// <summary>Points <paramref name="parameters"/>' abort_callback and abort_callback_data at this flag.</summary>
    public void AttachTo(ref LlamaContextParams parameters)
    {
        parameters.abort_callback = LlamaNative.AbortWhileFlagSet;
        parameters.abort_callback_data = LlamaNative.AddressOfPinned(_flag);
    }
}
