using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h "Decoding" and "Memory".
internal static unsafe partial class LlamaNative
{
    /// <summary>A batch view over <paramref name="tokens"/> for sequence 0 with automatic positions (no allocation).</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaBatch llama_batch_get_one(int* tokens, int n_tokens);

    /// <summary>Allocates a batch of up to <paramref name="n_tokens"/> tokens, each with up to
    /// <paramref name="n_seq_max"/> sequence ids (embd = 0: token ids). Free with <see cref="llama_batch_free"/>.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaBatch llama_batch_init(int n_tokens, int embd, int n_seq_max);

    /// <summary>Frees a batch from <see cref="llama_batch_init"/>.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_batch_free(LlamaBatch batch);

    /// <summary>Runs the decoder. 0 ok; 1 no KV slot; 2 aborted; −1 invalid batch; &lt; −1 fatal.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_decode(IntPtr ctx, LlamaBatch batch);

    /// <summary>Runs the encoder (encoder-decoder models). 0 ok, &lt; 0 error.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_encode(IntPtr ctx, LlamaBatch batch);

    /// <summary>All output logits of the last decode (rows = outputs, n_vocab floats each), owned by the context.</summary>
    [LibraryImport(LibLlama)]
    internal static partial float* llama_get_logits(IntPtr ctx);

    /// <summary>n_vocab logits of output <paramref name="i"/> (−1 = last), owned by the context and valid until the
    /// next decode; NULL for an invalid index.</summary>
    [LibraryImport(LibLlama)]
    internal static partial float* llama_get_logits_ith(IntPtr ctx, int i);

    /// <summary>Clears the memory (and the data buffers when <paramref name="data"/>).</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_memory_clear(IntPtr mem, [MarshalAs(UnmanagedType.U1)] bool data);

    /// <summary>Removes positions [p0, p1) of a sequence (seq_id &lt; 0 = all; p &lt; 0 = open end). False if a partial
    /// removal is impossible.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_seq_rm(IntPtr mem, int seq_id, int p0, int p1);

    /// <summary>Copies positions [p0, p1) of a sequence to another.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_memory_seq_cp(IntPtr mem, int seq_id_src, int seq_id_dst, int p0, int p1);

    /// <summary>Removes every sequence but <paramref name="seq_id"/>.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_memory_seq_keep(IntPtr mem, int seq_id);

    /// <summary>Adds <paramref name="delta"/> to the positions [p0, p1) of a sequence.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_memory_seq_add(IntPtr mem, int seq_id, int p0, int p1, int delta);

    /// <summary>Divides the positions [p0, p1) of a sequence by <paramref name="d"/>.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_memory_seq_div(IntPtr mem, int seq_id, int p0, int p1, int d);

    /// <summary>Smallest position of a sequence, or −1 when empty.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_memory_seq_pos_min(IntPtr mem, int seq_id);

    /// <summary>Largest position of a sequence, or −1 when empty.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_memory_seq_pos_max(IntPtr mem, int seq_id);

    /// <summary>Whether the memory supports position shifting.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_memory_can_shift(IntPtr mem);
}
