namespace Workbench.Web.Hosting;

/// <summary>Life cycle of the supervised engine worker process, as <see cref="WorkerSupervisor.State"/> reports it.</summary>
public enum WorkerState
{
    /// <summary>The first worker is starting (process start, default model load).</summary>
    Starting,
    /// <summary>The worker answers <c>/health</c>; <see cref="WorkerSupervisor.Address"/> is set.</summary>
    Ready,
    /// <summary>The worker stopped unexpectedly (or could not start) and a new one starts after
    /// <see cref="WorkerSupervisor.BackoffUntil"/>; <see cref="WorkerSupervisor.LastError"/> says why.</summary>
    Restarting,
    /// <summary>The app is shutting down; the worker has been stopped.</summary>
    Stopped,
}
