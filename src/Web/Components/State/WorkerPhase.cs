namespace Workbench.Web.Components.State;

/// <summary>Life cycle of the engine worker process as the UI shows it.</summary>
public enum WorkerPhase
{
    /// <summary>The worker is starting (or loading its first model).</summary>
    Starting,
    /// <summary>The worker answers requests.</summary>
    Ready,
    /// <summary>The worker died (or could not start) and is being restarted, after a backoff; restarts never stop.</summary>
    Restarting,
    /// <summary>The worker was stopped (the app is shutting down).</summary>
    Stopped,
}
