using System.Threading.Channels;

namespace Workbench.Engine.Inference;

/// <summary>
/// Live counters of one <see cref="LlamaEngine"/>'s generation work, the evidence that a cancelled request
/// really stopped on the server: after a cancel, <see cref="ActiveGenerations"/> falls back and
/// <see cref="TokensGenerated"/> stops rising. The worker reports them on <c>GET /health</c> under llama-server's
/// names (<c>slots_processing</c>, <c>tokens_predicted_total</c>, the latter from its <c>/metrics</c>) plus
/// <c>requests_cancelled_total</c>. Counters cover every caller of the engine since it was created; all members
/// are safe to read from any thread.
/// </summary>
public sealed class GenerationActivity
{
    private int active;
    private long tokens;
    private long cancelled;

    /// <summary>Generation requests handed to the scheduler and not yet finished by it (a request counts until the
    /// scheduler has ended it, not merely until its caller stopped reading).</summary>
    public int ActiveGenerations => Volatile.Read(ref active);

    /// <summary>Tokens sampled, in total. Counted as each token is relayed to its caller; tokens sampled after a
    /// caller stopped reading are added when the scheduler ends that request.</summary>
    public long TokensGenerated => Interlocked.Read(ref tokens);

    /// <summary>Requests the scheduler ended with <see cref="FinishReason.Cancelled"/>, in total.</summary>
    public long CancelledGenerations => Interlocked.Read(ref cancelled);

    /// <summary>A request was handed to the scheduler.</summary>
    internal void Started() => Interlocked.Increment(ref active);

    /// <summary>One sampled token reached the caller.</summary>
    internal void TokenRelayed() => Interlocked.Increment(ref tokens);

    /// <summary>The caller is done with <paramref name="updates"/> (read to the end or left early): read what it
    /// left until the scheduler completes the channel, counting the tokens nobody read and the finish reason, then
    /// end the request. Runs in the background; never throws.</summary>
    /// <param name="updates">The request's update channel (its only reader has gone).</param>
    /// <param name="finishedWith">The finish reason the caller read, or null when it left before the last update.</param>
    internal void Track(ChannelReader<GenerationUpdate> updates, FinishReason? finishedWith) => _ = DrainAsync(updates, finishedWith);

    private async Task DrainAsync(ChannelReader<GenerationUpdate> updates, FinishReason? finishedWith)
    {
        var reason = finishedWith;
        try
        {
            while (await updates.WaitToReadAsync().ConfigureAwait(false))
            {
                while (updates.TryRead(out var update))
                {
                    if (update.Token is not null) Interlocked.Increment(ref tokens);
                    reason = update.FinishReason ?? reason;
                }
            }
        }
        catch (Exception)
        {
            // The job failed (the channel completed with its error): it has ended all the same.
        }
        finally
        {
            if (reason == FinishReason.Cancelled) Interlocked.Increment(ref cancelled);
            Interlocked.Decrement(ref active);
        }
    }
}
