namespace Workbench.Engine.Inference;

/// <summary>
/// Live counters of one <see cref="LlamaEngine"/>'s generation work, the evidence that a cancelled request
/// really stopped on the server: after a cancel, <see cref="ActiveGenerations"/> falls back and
/// <see cref="TokensGenerated"/> stops rising. The worker reports them on <c>GET /health</c> under llama-server's
/// names (<c>slots_processing</c>, <c>tokens_predicted_total</c>, the latter from its <c>/metrics</c>) plus
/// <c>requests_cancelled_total</c>. The scheduler's jobs count themselves (<c>GenerationJob</c>), so the counters
/// say what the server did whether or not anyone still reads the stream. Counters cover every caller of the engine
/// since it was created; all members are safe to read from any thread.
/// </summary>
public sealed class GenerationActivity
{
    private int active;
    private long tokens;
    private long cancelled;

    /// <summary>Generation requests created for the scheduler and not yet ended by it.</summary>
    public int ActiveGenerations => Volatile.Read(ref active);

    /// <summary>Tokens sampled, in total (end-of-generation tokens excluded, as in <c>usage.completion_tokens</c>).</summary>
    public long TokensGenerated => Interlocked.Read(ref tokens);

    /// <summary>Requests the scheduler ended with <see cref="FinishReason.Cancelled"/>, in total.</summary>
    public long CancelledGenerations => Interlocked.Read(ref cancelled);

    /// <summary>A request was created for the scheduler.</summary>
    internal void Started() => Interlocked.Increment(ref active);

    /// <summary>The scheduler sampled one token of a request.</summary>
    internal void TokenSampled() => Interlocked.Increment(ref tokens);

    /// <summary>The scheduler ended a request (once per <see cref="Started"/>).</summary>
    /// <param name="reason">Its finish reason, or null when it failed with an error.</param>
    internal void Ended(FinishReason? reason)
    {
        if (reason == FinishReason.Cancelled) Interlocked.Increment(ref cancelled);
        Interlocked.Decrement(ref active);
    }
}
