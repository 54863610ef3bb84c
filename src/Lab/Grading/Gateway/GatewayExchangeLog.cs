using Workbench.LabSdk;

namespace Workbench.Lab.Grading.Gateway;

/// <summary>
/// The HTTP exchanges of one sandbox run as the grading gateway saw them: method, path, request body, status and
/// response body (each body capped at <see cref="MaxBodyChars"/> characters), recorded on the trusted side, so
/// nothing the sandboxed code does can change them. Thread-safe.
/// </summary>
public sealed class GatewayExchangeLog
{
    /// <summary>The most characters of a body kept (longer bodies are cut).</summary>
    public const int MaxBodyChars = 1 << 20;

    private readonly List<HttpExchange> _exchanges = [];
    private readonly Lock _gate = new();
    private int _inFlight;

    /// <summary>Every completed exchange so far, oldest first (a snapshot).</summary>
    public IReadOnlyList<HttpExchange> Snapshot()
    {
        lock (_gate) return [.. _exchanges];
    }

    /// <summary>Waits until no request of the run is being served (the response the student's code read may
    /// reach it before the gateway has finished recording), at most <paramref name="timeout"/>.</summary>
    /// <param name="timeout">The longest wait.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task WaitForQuietAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Volatile.Read(ref _inFlight) > 0 && DateTime.UtcNow < deadline)
            await Task.Delay(5, cancellationToken);
    }

    internal void Begin() => Interlocked.Increment(ref _inFlight);

    internal void End(HttpExchange exchange)
    {
        lock (_gate) _exchanges.Add(exchange);
        Interlocked.Decrement(ref _inFlight);
    }
}
