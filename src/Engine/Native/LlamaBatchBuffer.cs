using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// An owned <c>llama_batch</c> of token ids (<c>llama_batch_init(capacity, 0, 1)</c>, freed by
/// <c>llama_batch_free</c> on Dispose), filled as llama.cpp common.h's <c>common_batch_clear</c> /
/// <c>common_batch_add</c> do, one sequence id per token. Not thread-safe.
/// </summary>
internal sealed unsafe class LlamaBatchBuffer : IDisposable
{
    private LlamaBatch _batch;
    private bool _allocated;

    /// <summary>Allocates room for <paramref name="capacity"/> tokens.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public LlamaBatchBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _batch = LlamaNative.llama_batch_init(capacity, 0, 1);
        _allocated = true;
        Capacity = capacity;
    }

    /// <summary>Tokens the batch can hold.</summary>
    public int Capacity { get; }

    /// <summary>Tokens in the batch now (n_tokens).</summary>
    public int Count => _batch.n_tokens;

    /// <summary>The struct to pass to <c>llama_decode</c> (its arrays stay owned by this buffer).</summary>
    internal LlamaBatch Batch => _batch;

    /// <summary>Empties the batch (<c>common_batch_clear</c>).</summary>
    public void Clear() => _batch.n_tokens = 0;

    /// <summary>Appends one token of one sequence (<c>common_batch_add</c>).</summary>
    /// <param name="token">Token id.</param>
    /// <param name="position">Its position in the sequence.</param>
    /// <param name="sequenceId">The sequence id (below n_seq_max).</param>
    /// <param name="logits">Whether llama_decode should compute logits for it.</param>
    /// <exception cref="InvalidOperationException">The batch is full.</exception>
    /// <exception cref="ObjectDisposedException">The batch was freed.</exception>
    public void Add(int token, int position, int sequenceId, bool logits)
    {
        ObjectDisposedException.ThrowIf(!_allocated, this);
        var i = _batch.n_tokens;
        if (i >= Capacity) throw new InvalidOperationException($"The batch is full ({Capacity} tokens).");
        _batch.token[i] = token;
        _batch.pos[i] = position;
        _batch.n_seq_id[i] = 1;
        _batch.seq_id[i][0] = sequenceId;
        _batch.logits[i] = logits ? (sbyte)1 : (sbyte)0;
        _batch.n_tokens = i + 1;
    }

    /// <summary>Frees the arrays (<c>llama_batch_free</c>); idempotent.</summary>
    public void Dispose()
    {
        if (!_allocated) return;
        _allocated = false;
        LlamaNative.llama_batch_free(_batch);
        _batch = default;
    }
}
