namespace Workbench.Engine.Inference.Scheduling;

/// <summary>
/// A loaded model with the scheduler (and context) serving it. Reference-counted: the engine holds one
/// reference while the session is current, every call in flight holds another, so a model swapped out is freed
/// only after its last caller is done and its scheduler thread has freed the context.
/// </summary>
internal sealed class ModelSession(LlamaModel model, BatchScheduler scheduler, ModelInfo info)
{
    private int references = 1;

    /// <summary>The model.</summary>
    public LlamaModel Model { get; } = model;
    /// <summary>The scheduler that owns the context.</summary>
    public BatchScheduler Scheduler { get; } = scheduler;
    /// <summary>The model's metadata, with the per-sequence context size.</summary>
    public ModelInfo Info { get; } = info;

    /// <summary>Takes a reference; false once the session has been retired and released.</summary>
    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref references);
            if (current == 0) return false;
            if (Interlocked.CompareExchange(ref references, current + 1, current) == current) return true;
        }
    }

    /// <summary>Gives a reference back; the last one frees the model once the scheduler has stopped.</summary>
    public void Release()
    {
        if (Interlocked.Decrement(ref references) != 0) return;
        Scheduler.Stop();
        Scheduler.Stopped.ContinueWith(_ => Model.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Retires the session: its generations end with <see cref="FinishReason.Cancelled"/>, and the
    /// engine's reference is released.</summary>
    public void Retire()
    {
        Scheduler.Stop();
        Release();
    }
}
