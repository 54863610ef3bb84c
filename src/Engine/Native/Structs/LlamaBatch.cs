using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct llama_batch</c> (llama.h), 56 bytes on x64. Arrays are owned by whoever created the batch
/// (<see cref="LlamaNative.llama_batch_init"/> allocates them, <see cref="LlamaNative.llama_batch_free"/> frees them).</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct LlamaBatch
{
    /// <summary>Tokens in the batch.</summary>
    public int n_tokens;
    /// <summary>Token ids (n_tokens), or NULL when <see cref="embd"/> is used.</summary>
    public int* token;
    /// <summary>Embeddings (n_tokens × n_embd floats), or NULL.</summary>
    public float* embd;
    /// <summary>Positions (n_tokens), or NULL for automatic tracking.</summary>
    public int* pos;
    /// <summary>Sequence-id counts per token (n_tokens).</summary>
    public int* n_seq_id;
    /// <summary>Sequence ids per token (n_tokens pointers to n_seq_id[i] ids).</summary>
    public int** seq_id;
    /// <summary>Output flags per token (n_tokens); non-zero = produce logits for it.</summary>
    public sbyte* logits;
}
