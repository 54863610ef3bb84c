namespace Workbench.Web.Rendering;

/// <summary>
/// Caps how often a streaming view re-renders, however fast updates arrive. <see cref="Request"/> may be called
/// from any thread for every token: the flush callback runs at once when at least <see cref="Interval"/> has
/// passed since the last flush, otherwise one trailing flush is scheduled for the end of the interval, so the
/// last tokens never wait longer than one interval. Call <see cref="FlushAsync"/> for the final flush.
/// </summary>
public sealed class RenderThrottle : IDisposable
{
    private readonly Func<Task> _flush;
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private long _lastFlush;
    private bool _scheduled;
    private ITimer? _timer;
    private bool _disposed;

    /// <summary>Creates a throttle.</summary>
    /// <param name="interval">Minimum time between flushes; 33 ms gives at most ~30 renders a second.</param>
    /// <param name="flush">Drains buffered updates and re-renders (typically <c>InvokeAsync(...)</c>).
    /// Exceptions it throws are swallowed: a lost circuit must not break the producer.</param>
    /// <param name="time">Clock; <see cref="TimeProvider.System"/> when null.</param>
    public RenderThrottle(TimeSpan interval, Func<Task> flush, TimeProvider? time = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(interval, TimeSpan.Zero);
        Interval = interval;
        _flush = flush;
        _time = time ?? TimeProvider.System;
        _lastFlush = _time.GetTimestamp() - (long)(interval.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Minimum time between two flushes.</summary>
    public TimeSpan Interval { get; }

    /// <summary>Flushes started so far (immediate, trailing and final).</summary>
    public int FlushCount { get; private set; }

    /// <summary>Signals that new content is buffered. Thread-safe; never blocks on rendering.</summary>
    public void Request()
    {
        bool now;
        lock (_gate)
        {
            if (_disposed || _scheduled) return;
            var elapsed = _time.GetElapsedTime(_lastFlush);
            now = elapsed >= Interval;
            if (now)
            {
                MarkFlushed();
            }
            else
            {
                _scheduled = true;
                _timer?.Dispose();
                _timer = _time.CreateTimer(_ => OnTimer(), null, Interval - elapsed, Timeout.InfiniteTimeSpan);
            }
        }
        if (now) _ = RunFlushAsync();
    }

    /// <summary>Flushes now (the final flush of a stream), cancelling a pending trailing flush.</summary>
    public Task FlushAsync()
    {
        lock (_gate)
        {
            _timer?.Dispose();
            _timer = null;
            _scheduled = false;
            MarkFlushed();
        }
        return RunFlushAsync();
    }

    /// <summary>Cancels a pending trailing flush; later requests are ignored.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _timer?.Dispose();
            _timer = null;
        }
    }

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_disposed || !_scheduled) return;
            _scheduled = false;
            MarkFlushed();
        }
        _ = RunFlushAsync();
    }

    private void MarkFlushed()
    {
        _lastFlush = _time.GetTimestamp();
        FlushCount++;
    }

    private async Task RunFlushAsync()
    {
        try
        {
            await _flush().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // The circuit may be gone (JSDisconnectedException, ObjectDisposedException): nothing to render into.
        }
    }
}
