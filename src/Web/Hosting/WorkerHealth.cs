namespace Workbench.Web.Hosting;

/// <summary>The supervisor's part of the web app's <c>GET /health</c> (its <c>worker</c> object, snake_case JSON),
/// there whether or not a worker answers. Safe for anonymous callers: bad files are named by file name only.</summary>
/// <param name="State">The <see cref="WorkerState"/> in lower case: <c>starting</c>, <c>ready</c>, <c>restarting</c>, <c>stopped</c>.</param>
/// <param name="ProcessId">The worker's process id while one runs.</param>
/// <param name="Restarts">Restarts so far (<see cref="WorkerSupervisor.RestartCount"/>).</param>
/// <param name="LastError">Why the last worker stopped (<see cref="WorkerSupervisor.LastError"/>), or null.</param>
/// <param name="BackoffUntil">When the next worker starts while a restart waits (UTC), else null.</param>
/// <param name="Model">The file name of the model the worker serves, or null.</param>
/// <param name="BadFiles">Files refused because their load crashed the worker.</param>
public sealed record WorkerHealth(string State, int? ProcessId, int Restarts, string? LastError, DateTimeOffset? BackoffUntil,
    string? Model, IReadOnlyList<WorkerHealth.BadFile> BadFiles)
{
    /// <summary>The status of <paramref name="supervisor"/> now.</summary>
    public static WorkerHealth Of(WorkerSupervisor supervisor)
    {
        ArgumentNullException.ThrowIfNull(supervisor);
        return new(supervisor.State.ToString().ToLowerInvariant(), supervisor.ProcessId, supervisor.RestartCount, supervisor.LastError,
            supervisor.BackoffUntil, supervisor.Model?.Id,
            [.. supervisor.BadFiles.Select(b => new BadFile(System.IO.Path.GetFileName(b.Path), b.SizeInBytes, b.LastWriteTimeUtc, b.CrashedAt, b.Error))]);
    }

    /// <summary>One refused file.</summary>
    /// <param name="File">Its file name.</param>
    /// <param name="SizeBytes">Its size when it crashed the worker, in bytes.</param>
    /// <param name="ModifiedAt">Its modification time then (UTC).</param>
    /// <param name="CrashedAt">When the worker died loading it (UTC).</param>
    /// <param name="Error">How the worker died.</param>
    public sealed record BadFile(string File, long SizeBytes, DateTime ModifiedAt, DateTimeOffset CrashedAt, string Error);
}
