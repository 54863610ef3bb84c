using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Inference.Scheduling;

// The native half of the scheduler: the context, the batch, decode, abort and sampling.
// Everything here runs on the scheduler thread, except RequestAbort (any thread). Pointer work lives in
// Native/LlamaNative.GenerationExtras.cs (batch filling, logits rows, checked sampling, the abort callback).
internal sealed partial class BatchScheduler
{
    // The abort flag lives on the pinned object heap: its address never moves, and it stays valid for as long as
    // anything (llama.cpp's callback, a late cancellation) can still reach this scheduler.
    private readonly int[] abortFlag = GC.AllocateArray<int>(1, pinned: true);
    private SafeLlamaContextHandle? contextHandle;
    private IntPtr context; // contextHandle's pointer, for the calls of the hot loop
    private IntPtr memory;
    private LlamaBatch batch;
    private bool batchAllocated;
    private int batchCapacity;
    private int nextPrefillSlot;
    private LlamaTokenData[] candidates = [];

    /// <summary>Asks the running <c>llama_decode</c> (if any) to stop at its next graph node.</summary>
    private void RequestAbort() => Volatile.Write(ref abortFlag[0], 1);

    private void CreateContext()
    {
        var threads = options.EffectiveThreads;
        var sequences = options.ParallelSequences;
        var parameters = LlamaNative.llama_context_default_params();
        parameters.n_ctx = (uint)(ContextSize * sequences);
        parameters.n_seq_max = (uint)sequences;
        // Every generating slot needs room for its one token, whatever n_batch is (llama-server does the same).
        parameters.n_batch = (uint)Math.Max(options.BatchSize, sequences);
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        parameters.KvUnified = false; // each sequence gets its own ContextSize cells
        parameters.flash_attn_type = options.FlashAttention switch
        {
            "enabled" => LlamaFlashAttnType.ENABLED,
            "disabled" => LlamaFlashAttnType.DISABLED,
            _ => LlamaFlashAttnType.AUTO,
        };
        parameters.abort_callback = LlamaNative.AbortWhileFlagSet; // llama.cpp polls it between graph nodes
        parameters.abort_callback_data = LlamaNative.AddressOfPinned(abortFlag);

        LlamaLog.ResetThreadError();
        contextHandle = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (contextHandle.IsInvalid)
        {
            var reason = LlamaLog.ThreadLastError is { } line ? $": {line.Trim()}" : ".";
            throw new ModelLoadException($"llama.cpp could not create a context of {ContextSize} tokens × {sequences} sequences for this model{reason}");
        }
        context = contextHandle.DangerousGetHandle();
        memory = LlamaNative.llama_get_memory(context);
        batchCapacity = (int)LlamaNative.llama_n_batch(context);
        batch = LlamaNative.llama_batch_init(batchCapacity, 0, 1);
        batchAllocated = true;
        candidates = new LlamaTokenData[model.VocabSize];
    }

    private void FreeNative()
    {
        if (batchAllocated) LlamaNative.llama_batch_free(batch);
        batchAllocated = false;
        contextHandle?.Dispose(); // llama_free, then releases its reference on the model
        contextHandle = null;
        context = IntPtr.Zero;
        memory = IntPtr.Zero;
    }

    private void ClearSequence(int seqId)
    {
        if (memory != IntPtr.Zero) LlamaNative.llama_memory_seq_rm(memory, seqId, -1, -1);
    }

    /// <summary>One turn: build a batch, decode it, sample for every slot that got logits.</summary>
    private void Step()
    {
        BuildBatch();
        var decodeStarted = Stopwatch.GetTimestamp();

        // Arm the abort flag for this decode: cleared, then set again if a prefilling job is already cancelled.
        Volatile.Write(ref abortFlag[0], 0);
        foreach (var slot in slots)
        {
            if (!slot.BatchHasPrompt) continue;
            slot.Job!.MarkPromptStarted(decodeStarted);
            if (!slot.Job.BeginPrefillDecode()) RequestAbort();
        }
        if (stopping) RequestAbort();
        BeforeDecode?.Invoke(batch.n_tokens);

        var result = LlamaNative.llama_decode(context, batch);

        foreach (var slot in slots) if (slot.BatchHasPrompt) slot.Job!.EndPrefillDecode();

        if (result == 2)
        {
            RollBackBatch();
            return;
        }
        if (result != 0)
        {
            FailBatch(result);
            return;
        }

        var decodeEnded = Stopwatch.GetTimestamp();
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount == 0) continue;
            slot.Position += slot.BatchTokenCount;
            slot.PendingToken = -1;
            if (slot.BatchHasPrompt && !slot.IsPrefilling) slot.Job!.MarkPromptDone(decodeEnded);
            if (slot.BatchLogitsIndex >= 0) Sample(slot);
        }
    }

    /// <summary>Fills the batch: generating slots first (one token each), then prompt chunks in turn.</summary>
    private void BuildBatch()
    {
        LlamaNative.common_batch_clear(ref batch);
        foreach (var slot in slots) slot.BeginBatch();

        foreach (var slot in slots)
        {
            if (slot.IsGenerating) AddToBatch(slot, slot.PendingToken, wantsLogits: true, isPrompt: false);
        }

        for (var turn = 0; turn < slots.Length && batch.n_tokens < batchCapacity; turn++)
        {
            var slot = slots[(nextPrefillSlot + turn) % slots.Length];
            if (!slot.IsPrefilling) continue;
            var prompt = slot.Job!.PromptTokens;
            while (slot.NextBatchPosition < prompt.Length && batch.n_tokens < batchCapacity)
            {
                var position = slot.NextBatchPosition;
                AddToBatch(slot, prompt[position], wantsLogits: position == prompt.Length - 1, isPrompt: true);
            }
        }
        nextPrefillSlot = (nextPrefillSlot + 1) % slots.Length;
    }

    private void AddToBatch(SequenceSlot slot, int token, bool wantsLogits, bool isPrompt)
    {
        slot.AddedToBatch(batch.n_tokens, wantsLogits, isPrompt);
        LlamaNative.common_batch_add(ref batch, token, slot.NextBatchPosition - 1, slot.SeqId, wantsLogits);
    }

    /// <summary>
    /// After an aborted decode (llama_decode returned 2): the ubatches that completed left their cells in the
    /// KV cache, so remove, for every sequence in the batch, everything from the batch's first position on.
    /// No slot advanced; the next turn rebuilds the batch, minus the cancelled jobs.
    /// </summary>
    private void RollBackBatch()
    {
        Interlocked.Increment(ref abortedDecodes);
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount > 0) LlamaNative.llama_memory_seq_rm(memory, slot.SeqId, slot.BatchFirstPosition, -1);
        }
    }

    /// <summary>llama_decode failed (1: no KV cell; −1: invalid batch; &lt; −1: fatal): end every job in the batch.</summary>
    private void FailBatch(int result)
    {
        logger.LogError("llama_decode returned {Result} for a batch of {Tokens} tokens.", result, batch.n_tokens);
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount == 0) continue;
            EndSlot(slot, job => job.Fail(new DecodeException($"llama_decode failed with code {result}.")));
        }
    }

    /// <summary>Samples the slot's next token from its logits row with its own chain, then streams it.</summary>
    private void Sample(SequenceSlot slot)
    {
        var job = slot.Job!;
        var logits = LlamaNative.LogitsRow(context, slot.BatchLogitsIndex, model.VocabSize);
        job.GrammarTracer?.Evaluate(candidates); // the grammar's view of this step, before the chain moves on
        var token = LlamaNative.SampleAndAccept(job.Sampler.DangerousGetHandle(), logits, candidates);
        if (token < 0)
        {
            EndSlot(slot, j => j.Fail(new GrammarException(
                "The grammar allows no token of this model's vocabulary at this point (it needs characters the vocabulary cannot produce).")));
            return;
        }
        if (job.OnTokenSampled(token, logits, slot.Position)) EndSlot(slot, static _ => { });
        else slot.PendingToken = token;
    }
}
