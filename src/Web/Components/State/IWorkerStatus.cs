using Workbench.Engine.Inference;
using Workbench.Web.Hosting;

namespace Workbench.Web.Components.State;

/// <summary>
/// What the UI needs to know about the supervised engine worker. The app adapts <c>WorkerSupervisor</c> to it;
/// component tests run without one (in-process engine, no worker), in which case none is registered.
/// </summary>
public interface IWorkerStatus
{
    /// <summary>The worker's life-cycle state.</summary>
    WorkerPhase Phase { get; }

    /// <summary>Times the worker was restarted after a crash.</summary>
    int RestartCount { get; }

    /// <summary>The last failure, safe to show, or null.</summary>
    string? LastError { get; }

    /// <summary>The model the worker reports as loaded, or null.</summary>
    ModelInfo? Model { get; }

    /// <summary>While a restart waits: when the next worker starts (UTC); else null.</summary>
    DateTimeOffset? BackoffUntil { get; }

    /// <summary>Model files whose load crashed the worker and that are refused until they change.</summary>
    IReadOnlyList<BadModelFile> BadFiles { get; }

    /// <summary>Raised (on any thread) when any property above changes.</summary>
    event Action? Changed;
}
