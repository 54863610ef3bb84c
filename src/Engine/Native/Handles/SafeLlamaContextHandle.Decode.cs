using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

// Decode, logits and the sequences' memory, for the scheduler thread (llama.cpp contexts are not thread-safe).
internal sealed partial class SafeLlamaContextHandle
{
    /// <summary>llama.h's defaults for a context (<c>llama_context_default_params</c>).</summary>
    public static LlamaContextParams DefaultParams() => LlamaNative.llama_context_default_params();

    /// <summary>The logical batch size the context accepts per decode (<c>llama_n_batch</c>), in tokens.</summary>
    public int BatchSize => (int)LlamaNative.llama_n_batch(handle);

    /// <summary>Decodes <paramref name="batch"/> (<c>llama_decode</c>).</summary>
    /// <returns>llama.h's status: 0 ok; 1 no KV slot; 2 aborted (the completed ubatches stay in the cache);
    /// −1 invalid batch; &lt; −1 fatal.</returns>
    public int Decode(LlamaBatchBuffer batch) => LlamaNative.llama_decode(handle, batch.Batch);

    /// <summary>The logits of batch token <paramref name="index"/> after the last decode: <paramref name="vocabSize"/>
    /// floats owned by the context, valid until the next decode (<c>llama_get_logits_ith</c>).</summary>
    /// <exception cref="InvalidOperationException">llama.cpp has no logits for that index.</exception>
    public ReadOnlySpan<float> LogitsRow(int index, int vocabSize) => LlamaNative.LogitsRow(handle, index, vocabSize);

    /// <summary>Removes the cells of sequence <paramref name="sequenceId"/> in positions [p0, p1) from the memory
    /// (<c>llama_memory_seq_rm</c>; −1 = open end). Returns false when a partial removal is not possible.</summary>
    public bool RemoveSequence(int sequenceId, int p0, int p1) =>
        LlamaNative.llama_memory_seq_rm(LlamaNative.llama_get_memory(handle), sequenceId, p0, p1);

    /// <summary>Empties the whole memory (KV cache) of the context, data included (<c>llama_memory_clear</c>).</summary>
    public void ClearMemory() => LlamaNative.llama_memory_clear(LlamaNative.llama_get_memory(handle), true);
}
