using Workbench.Engine.Inference;
using Workbench.Web.Components.State;

namespace Workbench.Web.Hosting;

/// <summary>Shows <see cref="WorkerSupervisor"/> to the UI as <see cref="IWorkerStatus"/>.</summary>
/// <param name="supervisor">The app's supervisor.</param>
internal sealed class WorkerStatusAdapter(WorkerSupervisor supervisor) : IWorkerStatus
{
    public WorkerPhase Phase => supervisor.State switch
    {
        WorkerState.Starting => WorkerPhase.Starting,
        WorkerState.Ready => WorkerPhase.Ready,
        WorkerState.Restarting => WorkerPhase.Restarting,
        _ => WorkerPhase.Stopped,
    };

    public int RestartCount => supervisor.RestartCount;

    public string? LastError => supervisor.LastError;

    public ModelInfo? Model => supervisor.Model;

    public DateTimeOffset? BackoffUntil => supervisor.BackoffUntil;

    public IReadOnlyList<BadModelFile> BadFiles => supervisor.BadFiles;

    public event Action? Changed
    {
        add => supervisor.StateChanged += value;
        remove => supervisor.StateChanged -= value;
    }
}
