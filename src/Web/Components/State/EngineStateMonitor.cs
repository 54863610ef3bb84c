using Workbench.Engine.Inference;

namespace Workbench.Web.Components.State;

/// <summary>
/// Combines the engine's status with the worker's (when there is a worker) into the top bar's
/// <see cref="EngineStateView"/>. One per circuit: it refreshes on worker events, on <see cref="Refresh"/>
/// (called after a model load) and on a one-second poll, and raises <see cref="Changed"/> when the view changes.
/// </summary>
public sealed class EngineStateMonitor : IDisposable
{
    private readonly IInferenceEngine _engine;
    private readonly IWorkerStatus? _worker;
    private readonly ITimer _poll;
    private readonly Lock _gate = new();
    private EngineStateView _current;

    /// <summary>Creates the monitor.</summary>
    /// <param name="engine">The engine the UI talks to.</param>
    /// <param name="worker">The worker status, or null when the engine runs in-process.</param>
    /// <param name="time">Clock for the poll; the system clock when null.</param>
    public EngineStateMonitor(IInferenceEngine engine, IWorkerStatus? worker = null, TimeProvider? time = null)
    {
        _engine = engine;
        _worker = worker;
        _current = Compute();
        if (_worker is not null) _worker.Changed += Refresh;
        _poll = (time ?? TimeProvider.System).CreateTimer(_ => Refresh(), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
    }

    /// <summary>The current view.</summary>
    public EngineStateView Current { get { lock (_gate) return _current; } }

    /// <summary>Raised (on any thread) when <see cref="Current"/> changes.</summary>
    public event Action? Changed;

    /// <summary>The loaded model: the engine's, or the one the worker reports when the engine has not read it yet.</summary>
    public ModelInfo? Model
    {
        get
        {
            try
            {
                return _engine.Model ?? _worker?.Model;
            }
            catch (EngineException)
            {
                return _worker?.Model;
            }
        }
    }

    /// <summary>Recomputes the view now.</summary>
    public void Refresh()
    {
        var next = Compute();
        lock (_gate)
        {
            if (next == _current) return;
            _current = next;
        }
        Changed?.Invoke();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _poll.Dispose();
        if (_worker is not null) _worker.Changed -= Refresh;
    }

    private EngineStateView Compute()
    {
        var model = Model;
        EngineStatus status;
        try
        {
            status = _engine.Status;
        }
        catch (EngineException)
        {
            status = EngineStatus.Failed;
        }
        var name = model is null ? null : DisplayName(model);
        if (_worker is not null)
        {
            switch (_worker.Phase)
            {
                case WorkerPhase.Starting:
                    return new(EngineBadge.Loading, name, "The inference worker is starting.");
                case WorkerPhase.Restarting:
                    return new(EngineBadge.Restarting, name, $"The inference worker is restarting (restarts: {_worker.RestartCount}). {_worker.LastError}".Trim());
                case WorkerPhase.Stopped:
                    return new(EngineBadge.Failed, name, _worker.LastError ?? "The inference worker is not running.");
            }
        }
        if (status == EngineStatus.Loading) return new(EngineBadge.Loading, name, "A model is loading.");
        if (model is not null)
        {
            return new(EngineBadge.Ready, name, status == EngineStatus.Failed ? "The last load failed; this model is still serving." : model.Path);
        }
        return status == EngineStatus.Failed
            ? new(EngineBadge.Failed, null, "The last model load failed.")
            : new(EngineBadge.NoModel, null, "No model is loaded: open the Model page.");
    }

    /// <summary>general.name when present, else the file name.</summary>
    /// <param name="model">A loaded model.</param>
    public static string DisplayName(ModelInfo model) =>
        string.IsNullOrWhiteSpace(model.Name) ? model.Id : $"{model.Name} ({model.Id})";
}
