using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Memory;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Inference.Scheduling;

// The native half of the scheduler: the context, the batch, decode, abort and sampling.
// Everything here runs on the scheduler thread, except RequestAbort (any thread). The native calls are behind
// Native/ wrappers: SafeLlamaContextHandle (decode, logits rows, memory), LlamaBatchBuffer, LlamaAbortFlag and
// SafeLlamaSamplerHandle (checked sampling).
internal sealed partial class BatchScheduler
{
    // The abort flag lives on the pinned object heap: its address never moves, and it stays valid for as long as
    // anything (llama.cpp's callback, a late cancellation) can still reach this scheduler.
    private readonly LlamaAbortFlag abortFlag = new();
    private SafeLlamaContextHandle? context;
    private LlamaBatchBuffer? batch;
    private int batchCapacity;
    private int nextPrefillSlot;
    private LlamaTokenData[] candidates = [];

    /// <summary>Asks the running <c>llama_decode</c> (if any) to stop at its next graph node.</summary>
    private void RequestAbort() => abortFlag.Request();

    private void CreateContext()
    {
        var threads = options.EffectiveThreads;
        var sequences = options.ParallelSequences;
        var parameters = SafeLlamaContextHandle.DefaultParams();
        parameters.n_ctx = (uint)(ContextSize * sequences);
        parameters.n_seq_max = (uint)sequences;
        // Every generating slot needs room for its one token, whatever n_batch is (llama-server does the same).
        parameters.n_batch = (uint)Math.Max(options.BatchSize, sequences);
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        parameters.KvUnified = false; // each sequence gets its own ContextSize cells
        parameters.type_k = KvCacheTypes.ToGgml(options.KvCache);
        parameters.type_v = KvCacheTypes.ToGgml(options.KvCache);
        parameters.flash_attn_type = options.FlashAttention switch
        {
            "enabled" => LlamaFlashAttnType.ENABLED,
            "disabled" => LlamaFlashAttnType.DISABLED,
            _ => LlamaFlashAttnType.AUTO,
        };
        abortFlag.AttachTo(ref parameters); // llama.cpp polls it between graph nodes

        LlamaLog.ResetThreadError();
        context = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (context.IsInvalid)
        {
            var reason = LlamaLog.ThreadLastError is { } line ? $": {line.Trim()}" : ".";
            throw new ModelLoadException($"llama.cpp could not create a context of {ContextSize} tokens × {sequences} sequences for this model{reason}");
        }
        context.AttachCpuThreadpool(threads); // persistent workers, as llama-server's; none needed for one thread
        batchCapacity = context.BatchSize;
        batch = new LlamaBatchBuffer(batchCapacity);
        candidates = new LlamaTokenData[model.VocabSize];
    }

    private void FreeNative()
    {
        batch?.Dispose();
        batch = null;
        context?.Dispose(); // llama_free, then releases its reference on the model
        context = null;
    }

    private void ClearSequence(int seqId)
    {
        if (context is { IsInvalid: false, IsClosed: false }) context.RemoveSequence(seqId, -1, -1);
    }

    /// <summary>One turn: build a batch, decode it, sample for every slot that got logits.</summary>
    private void Step()
    {
        var batch = this.batch!;
        var context = this.context!;
        BuildBatch(batch);
        var decodeStarted = Stopwatch.GetTimestamp();

        // Arm the abort flag for this decode: cleared, then set again if a prefilling job is already cancelled.
        abortFlag.Clear();
        foreach (var slot in slots)
        {
            if (!slot.BatchHasPrompt) continue;
            slot.Job!.MarkPromptStarted(decodeStarted);
            if (!slot.Job.BeginPrefillDecode()) RequestAbort();
        }
        if (stopping) RequestAbort();
        BeforeDecode?.Invoke(batch.Count);

        var result = context.Decode(batch);

        foreach (var slot in slots) if (slot.BatchHasPrompt) slot.Job!.EndPrefillDecode();

        if (result == 2)
        {
            RollBackBatch(context);
            return;
        }
        if (result != 0)
        {
            FailBatch(result, batch.Count);
            return;
        }

        var decodeEnded = Stopwatch.GetTimestamp();
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount == 0) continue;
            slot.Position += slot.BatchTokenCount;
            slot.PendingToken = -1;
            if (slot.BatchHasPrompt && !slot.IsPrefilling) slot.Job!.MarkPromptDone(decodeEnded);
            if (slot.BatchLogitsIndex >= 0) Sample(slot, context);
        }
    }

    /// <summary>Fills the batch: generating slots first (one token each), then prompt chunks in turn.</summary>
    private void BuildBatch(LlamaBatchBuffer batch)
    {
        batch.Clear();
        foreach (var slot in slots) slot.BeginBatch();

        foreach (var slot in slots)
        {
            if (slot.IsGenerating) AddToBatch(batch, slot, slot.PendingToken, wantsLogits: true, isPrompt: false);
        }

        for (var turn = 0; turn < slots.Length && batch.Count < batchCapacity; turn++)
        {
            var slot = slots[(nextPrefillSlot + turn) % slots.Length];
            if (!slot.IsPrefilling) continue;
            var prompt = slot.Job!.PromptTokens;
            while (slot.NextBatchPosition < prompt.Length && batch.Count < batchCapacity)
            {
                var position = slot.NextBatchPosition;
                AddToBatch(batch, slot, prompt[position], wantsLogits: position == prompt.Length - 1, isPrompt: true);
            }
        }
        nextPrefillSlot = (nextPrefillSlot + 1) % slots.Length;
    }

    private static void AddToBatch(LlamaBatchBuffer batch, SequenceSlot slot, int token, bool wantsLogits, bool isPrompt)
    {
        slot.AddedToBatch(batch.Count, wantsLogits, isPrompt);
        batch.Add(token, slot.NextBatchPosition - 1, slot.SeqId, wantsLogits);
    }

    /// <summary>
    /// After an aborted decode (llama_decode returned 2): the ubatches that completed left their cells in the
    /// KV cache, so remove, for every sequence in the batch, everything from the batch's first position on.
    /// No slot advanced; the next turn rebuilds the batch, minus the cancelled jobs.
    /// </summary>
    private void RollBackBatch(SafeLlamaContextHandle context)
    {
        Interlocked.Increment(ref abortedDecodes);
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount > 0) context.RemoveSequence(slot.SeqId, slot.BatchFirstPosition, -1);
        }
    }

    /// <summary>llama_decode failed (1: no KV cell; −1: invalid batch; &lt; −1: fatal): end every job in the batch.</summary>
    private void FailBatch(int result, int batchTokens)
    {
        logger.LogError("llama_decode returned {Result} for a batch of {Tokens} tokens.", result, batchTokens);
        foreach (var slot in slots)
        {
            if (slot.BatchTokenCount == 0) continue;
            EndSlot(slot, job => job.Fail(new DecodeException($"llama_decode failed with code {result}.")));
        }
    }

    /// <summary>Samples the slot's next token from its logits row with its own chain, then streams it.</summary>
    private void Sample(SequenceSlot slot, SafeLlamaContextHandle context)
    {
        var job = slot.Job!;
        var logits = context.LogitsRow(slot.BatchLogitsIndex, model.VocabSize);
        job.GrammarTracer?.Evaluate(candidates); // the grammar's view of this step, before the chain moves on
        var token = job.UsesGreedyArgmax
            ? GreedyArgmax.Select(logits, job.GreedyBans) // the chain's own choice, without the native round trip
            : job.Sampler.SampleAndAccept(logits, candidates);
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
