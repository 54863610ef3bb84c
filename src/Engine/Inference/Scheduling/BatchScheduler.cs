using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace Workbench.Engine.Inference.Scheduling;

/*
 * How requests share one llama.cpp context — continuous batching, as llama-server's slots do it.
 *
 * The context's KV cache is split into n_seq_max independent sequences (kv_unified = false), each with its own
 * window of ContextSize cells. A sequence is a "slot". A request waits in a FIFO queue until a slot is free,
 * then owns that slot until it finishes; the slot's cells are then cleared (llama_memory_seq_rm(seq, -1, -1))
 * for the next request.
 *
 * One thread — this scheduler's — creates, uses and frees the context. Each turn of its loop:
 *   1. admits waiting requests into free slots (oldest first) and ends slots whose caller cancelled;
 *   2. builds ONE llama_batch, at most n_batch tokens:
 *        - one token for every generating slot (the token it sampled last turn), then
 *        - chunks of prompt for prefilling slots, taking turns (round-robin) so one long prompt cannot starve
 *          the others; only a prompt's last token asks for logits;
 *      every token carries its slot's sequence id and its position in that sequence;
 *   3. runs llama_decode once for the whole batch — all slots advance together;
 *   4. for every slot whose token produced logits, samples with the slot's own sampler chain from row i of the
 *      logits (what llama_sampler_sample(chain, ctx, i) does, plus a check that a grammar left some token
 *      allowed before the chain accepts it), turns the token into text, and streams it to the caller.
 * So a new request's prompt is decoded in the same batches as the other requests' next tokens: nobody waits
 * for another request to finish, only for a free slot.
 *
 * Cancelling a request whose prompt is inside a long llama_decode sets a flag that llama.cpp's abort callback
 * reads between graph nodes; llama_decode then returns 2. The cells that batch wrote are removed for every
 * sequence in it, nothing advances, and the next turn rebuilds the batch without the cancelled request.
 */

/// <summary>
/// The continuous-batching scheduler of <see cref="LlamaEngine"/>: owns the llama.cpp context on a dedicated
/// thread and serves <see cref="GenerationJob"/>s from its sequences (slots). See the comment at the top of
/// this file for the algorithm.
/// </summary>
internal sealed partial class BatchScheduler : IDisposable
{
    private readonly LlamaModel model;
    private readonly EngineOptions options;
    private readonly ILogger logger;
    private readonly Channel<GenerationJob> incoming = Channel.CreateUnbounded<GenerationJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<GenerationJob> waiting = new();
    private readonly SequenceSlot[] slots;
    private readonly Thread thread;
    private readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile bool stopping;
    private int abortedDecodes;

    /// <summary>Starts the scheduler thread, which creates the context; await <see cref="Started"/>.</summary>
    /// <param name="model">The loaded model (not owned).</param>
    /// <param name="contextSize">Per-sequence window in tokens.</param>
    /// <param name="options">Threads, n_batch and the number of sequences.</param>
    /// <param name="logger">Where decode failures are logged.</param>
    public BatchScheduler(LlamaModel model, int contextSize, EngineOptions options, ILogger logger)
    {
        this.model = model;
        this.options = options;
        this.logger = logger;
        ContextSize = contextSize;
        slots = Enumerable.Range(0, options.ParallelSequences).Select(i => new SequenceSlot(i)).ToArray();
        thread = new Thread(Run) { IsBackground = true, Name = "llama scheduler" };
        thread.Start();
    }

    /// <summary>The managed id of the scheduler thread, which creates the context (and so logs its buffers).</summary>
    public int ThreadId => thread.ManagedThreadId;

    /// <summary>Completes once the context exists; faults with <see cref="ModelLoadException"/> if it could not be created.</summary>
    public Task Started => started.Task;

    /// <summary>Completes once the thread has ended and the context is freed.</summary>
    public Task Stopped => stopped.Task;

    /// <summary>Per-sequence window in tokens.</summary>
    public int ContextSize { get; }

    /// <summary>How many decodes were aborted by a cancellation (diagnostics and tests).</summary>
    public int AbortedDecodes => Volatile.Read(ref abortedDecodes);

    /// <summary>Test hook: called on the scheduler thread just before each <c>llama_decode</c> with the batch size.</summary>
    internal Action<int>? BeforeDecode { get; set; }

    /// <summary>Queues a job. If the scheduler has stopped, the job ends at once with <see cref="FinishReason.Cancelled"/>.</summary>
    public void Submit(GenerationJob job)
    {
        job.AbortDecode = RequestAbort;
        if (!incoming.Writer.TryWrite(job))
        {
            job.Finish(FinishReason.Cancelled);
            job.Dispose();
        }
    }

    /// <summary>Stops the loop: running and queued jobs end with <see cref="FinishReason.Cancelled"/>, the context is freed.</summary>
    public void Stop()
    {
        stopping = true;
        incoming.Writer.TryComplete();
        RequestAbort();
    }

    /// <summary>Stops and waits for the thread to end.</summary>
    public void Dispose()
    {
        Stop();
        if (Thread.CurrentThread != thread) thread.Join();
    }

    private void Run()
    {
        try
        {
            CreateContext();
            started.SetResult();
        }
        catch (Exception error)
        {
            FreeNative();
            started.SetException(error);
            stopped.SetResult();
            return;
        }

        try
        {
            while (!stopping)
            {
                AdmitWaitingJobs();
                EndCancelledSlots();
                if (!slots.Any(s => s.IsBusy))
                {
                    if (!WaitForWork()) break;
                    continue;
                }
                Step();
            }
        }
        catch (Exception error)
        {
            logger.LogError(error, "The scheduler loop failed; ending every request.");
            foreach (var slot in slots.Where(s => s.IsBusy)) EndSlot(slot, job => job.Fail(new DecodeException($"Inference failed: {error.Message}")));
        }
        finally
        {
            foreach (var slot in slots.Where(s => s.IsBusy)) EndSlot(slot, job => job.Finish(FinishReason.Cancelled));
            while (incoming.Reader.TryRead(out var job)) waiting.Enqueue(job);
            while (waiting.TryDequeue(out var job))
            {
                job.Finish(FinishReason.Cancelled);
                job.Dispose();
            }
            FreeNative();
            stopped.SetResult();
        }
    }

    /// <summary>Blocks the (otherwise idle) scheduler thread until a job arrives; false once stopped.</summary>
    private bool WaitForWork() => incoming.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Moves new jobs to the FIFO queue, drops cancelled ones, gives free slots to the oldest.</summary>
    private void AdmitWaitingJobs()
    {
        while (incoming.Reader.TryRead(out var job)) waiting.Enqueue(job);
        if (waiting.Count == 0) return;

        var stillWaiting = new Queue<GenerationJob>(waiting.Count);
        foreach (var job in waiting)
        {
            if (job.IsCancellationRequested)
            {
                job.Finish(FinishReason.Cancelled);
                job.Dispose();
            }
            else stillWaiting.Enqueue(job);
        }
        waiting.Clear();
        foreach (var job in stillWaiting) waiting.Enqueue(job);

        foreach (var slot in slots)
        {
            if (slot.IsBusy) continue;
            if (!waiting.TryDequeue(out var next)) break;
            slot.Assign(next);
        }
    }

    private void EndCancelledSlots()
    {
        foreach (var slot in slots)
        {
            if (slot.Job is { IsCancellationRequested: true }) EndSlot(slot, job => job.Finish(FinishReason.Cancelled));
        }
    }

    /// <summary>Clears the slot's sequence from the KV cache, ends its job with <paramref name="end"/>, frees the slot.</summary>
    private void EndSlot(SequenceSlot slot, Action<GenerationJob> end)
    {
        ClearSequence(slot.SeqId);
        var job = slot.Release();
        if (job is null) return;
        end(job);
        job.Dispose();
    }
}
