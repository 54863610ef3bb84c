using System.Collections.Concurrent;
using System.Threading.Channels;

namespace Workbench.Lab.Grading.Submissions;

/// <summary>
/// The submission ids waiting for <see cref="GradingWorker"/> (singleton, unbounded, in memory; the database is
/// the durable queue: everything ungraded is enqueued again at start-up). An id is held from
/// <see cref="Enqueue"/> until its grading ends, so enqueueing it again meanwhile is a no-op.
/// </summary>
public sealed class GradingQueue
{
    private readonly Channel<string> _channel = Channel.CreateUnbounded<string>();
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// <summary>Submissions queued or being graded.</summary>
    public int Count => _held.Count;

    /// <summary>Queues <paramref name="submissionId"/> unless it is already queued or being graded.</summary>
    /// <param name="submissionId">A stored submission's id.</param>
    /// <returns>Whether it was queued.</returns>
    public bool Enqueue(string submissionId)
    {
        ArgumentException.ThrowIfNullOrEmpty(submissionId);
        if (!_held.TryAdd(submissionId, 0))
        {
            return false;
        }
        _channel.Writer.TryWrite(submissionId);
        return true;
    }

    /// <summary>The consumers' side.</summary>
    internal ChannelReader<string> Reader => _channel.Reader;

    /// <summary>Grading of <paramref name="submissionId"/> ended (graded, failed or abandoned at shutdown).</summary>
    internal void Release(string submissionId) => _held.TryRemove(submissionId, out _);
}
