namespace Workbench.Engine.Inference.Scheduling;

/// <summary>
/// One sequence of the llama.cpp context (llama-server's "slot"): a sequence id, the job using it, and how far
/// that job has got. Owned and touched by the scheduler thread only.
/// </summary>
/// <param name="seqId">The llama.cpp sequence id, 0 to n_seq_max − 1.</param>
internal sealed class SequenceSlot(int seqId)
{
    /// <summary>The llama.cpp sequence id (<c>llama_seq_id</c>).</summary>
    public int SeqId { get; } = seqId;

    /// <summary>The job using this sequence, or null when the slot is free.</summary>
    public GenerationJob? Job { get; private set; }

    /// <summary>Tokens of this sequence in the KV cache = the position of the next token to decode.</summary>
    public int Position { get; set; }

    /// <summary>A sampled token not yet decoded (−1 = none). A generating slot always has one.</summary>
    public int PendingToken { get; set; } = -1;

    /// <summary>Whether a job uses this slot.</summary>
    public bool IsBusy => Job is not null;

    /// <summary>Whether prompt tokens remain to be decoded.</summary>
    public bool IsPrefilling => Job is not null && Position < Job.PromptTokens.Length;

    /// <summary>Whether the slot is generating (its next input is the token it sampled last).</summary>
    public bool IsGenerating => Job is not null && PendingToken >= 0;

    // Bookkeeping of the batch being built/decoded; reset by BeginBatch.

    /// <summary>Position of this slot's first token in the current batch (−1 = none).</summary>
    public int BatchFirstPosition { get; private set; } = -1;

    /// <summary>Tokens this slot put in the current batch.</summary>
    public int BatchTokenCount { get; private set; }

    /// <summary>Index in the batch of this slot's token whose logits are requested (−1 = none).</summary>
    public int BatchLogitsIndex { get; private set; } = -1;

    /// <summary>Whether the current batch holds prompt tokens of this slot.</summary>
    public bool BatchHasPrompt { get; private set; }

    /// <summary>Gives the slot to a job; its sequence must be empty.</summary>
    public void Assign(GenerationJob job)
    {
        Job = job;
        Position = 0;
        PendingToken = -1;
    }

    /// <summary>Frees the slot (the caller has already removed the sequence from the KV cache).</summary>
    public GenerationJob? Release()
    {
        var job = Job;
        Job = null;
        Position = 0;
        PendingToken = -1;
        BeginBatch();
        return job;
    }

    /// <summary>Forgets the previous batch's bookkeeping.</summary>
    public void BeginBatch()
    {
        BatchFirstPosition = -1;
        BatchTokenCount = 0;
        BatchLogitsIndex = -1;
        BatchHasPrompt = false;
    }

    /// <summary>Records that the batch got one more token of this slot at <paramref name="batchIndex"/>.</summary>
    public void AddedToBatch(int batchIndex, bool wantsLogits, bool isPrompt)
    {
        if (BatchTokenCount == 0) BatchFirstPosition = Position;
        BatchTokenCount++;
        if (wantsLogits) BatchLogitsIndex = batchIndex;
        BatchHasPrompt |= isPrompt;
    }

    /// <summary>The next position to fill in the batch being built.</summary>
    public int NextBatchPosition => Position + BatchTokenCount;
}
