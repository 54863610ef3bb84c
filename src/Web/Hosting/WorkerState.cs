namespace Workbench.Web.Hosting;

/// <summary>Life cycle of the supervised engine worker process, as <see cref="WorkerSupervisor.State"/> reports it.</summary>
public enum WorkerState
{
    /// <summary>The first worker is starting (process start, default model load).</summary>
    Starting,
    /// <summary>The worker answers <c>/health</c>; <see cref="WorkerSupervisor.Address"/> is set.</summary>
    Ready,
    /// <summary>The worker stopped unexpectedly and a new one is starting.</summary>
    Restarting,
    /// <summary>The worker crashed too often (<see cref="WebOptions.MaxRestartsPerMinute"/>) or cannot start;
    /// <see cref="WorkerSupervisor.LastError"/> says why. The app must be restarted.</summary>
    Failed,
    /// <summary>The app is shutting down; the worker has been stopped.</summary>
    Stopped,
}
