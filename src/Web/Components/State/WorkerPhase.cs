namespace Workbench.Web.Components.State;

/// <summary>Life cycle of the engine worker process as the UI shows it.</summary>
public enum WorkerPhase
{
    /// <summary>The worker is starting (or loading its first model).</summary>
    Starting,
    /// <summary>The worker answers requests.</summary>
    Ready,
    /// <summary>The worker died and is being restarted.</summary>
    Restarting,
    /// <summary>The worker could not be (re)started.</summary>
    Failed,
    /// <summary>The worker was stopped (the app is shutting down).</summary>
    Stopped,
}
