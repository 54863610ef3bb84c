namespace Workbench.Web.Hosting;

/// <summary>The tool model worker's part of <c>GET /health</c> (its <c>tool_worker</c> object, snake_case JSON).
/// Safe for anonymous callers: the model is named by file name only.</summary>
/// <param name="State"><c>off</c> (no setting, or its file is missing: see <paramref name="Note"/>),
/// <c>not_started</c> (available; the worker starts on first use), or the supervisor's <see cref="WorkerState"/> in
/// lower case (<c>starting</c>, <c>ready</c>, <c>restarting</c>, <c>stopped</c>).</param>
/// <param name="Model">The tool model's file name, or null when none is configured.</param>
/// <param name="ProcessId">The worker's process id while one runs.</param>
/// <param name="Restarts">Restarts so far.</param>
/// <param name="LastError">Why the last tool worker stopped, or null.</param>
/// <param name="Note">Why the tool model is off, or null.</param>
public sealed record ToolWorkerHealth(string State, string? Model, int? ProcessId, int Restarts, string? LastError, string? Note)
{
    /// <summary>The status of <paramref name="worker"/> now.</summary>
    public static ToolWorkerHealth Of(ToolModelWorker worker)
    {
        ArgumentNullException.ThrowIfNull(worker);
        if (worker.Supervisor is not { } supervisor) return new("off", worker.ModelFileName, null, 0, null, worker.Note);
        if (!supervisor.IsStarted) return new("not_started", worker.ModelFileName, null, 0, null, null);
        return new(supervisor.State.ToString().ToLowerInvariant(), supervisor.Model?.Id ?? worker.ModelFileName, supervisor.ProcessId,
            supervisor.RestartCount, supervisor.LastError, null);
    }
}
