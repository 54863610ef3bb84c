using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;
using Workbench.Lab.Backends;
using Workbench.Web.Rendering;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// Widget <c>agent-experiment</c>: the A/B runner of issue 14 §3 — every chosen task × {verify-on-edit off, on} × N
/// seeds on a backend, through <see cref="AgentExperimentJobs"/> (one experiment at a time in the app), a progress bar,
/// and the stored results (<see cref="AgentExperimentStore"/>) drawn by <see cref="ExperimentResultView"/> beside the
/// lecture's result with the runner's own list of what differs (<see cref="AgentExperimentReference.Compare"/>).
/// Starting one is for users who may change the engine for everyone (the instructor, or the self-paced learner):
/// an experiment is dozens of runs. Options: <c>backend</c>, <c>seeds</c> (default 3), <c>max_steps</c> (default 12).
/// </summary>
public partial class AgentExperimentWidget : IDisposable
{
    private readonly string _id = "agent-exp-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<AgentTask> _tasks = [];
    private IReadOnlyList<AgentExperimentResult> _results = [];
    private string? _resultId;
    private string _backend = IChatBackends.BuiltInName;
    private string _set = "all";
    private int _seeds = 3;
    private int _maxSteps = 12;
    private bool _canRun;
    private string? _error;
    private RenderThrottle? _throttle;
    private bool _disposed;

    [Inject] private AgentExperimentJobs Jobs { get; set; } = default!;
    [Inject] private AgentExperimentStore Store { get; set; } = default!;
    [Inject] private AgentTaskCatalog Catalog { get; set; } = default!;
    [Inject] private IChatBackends Backends { get; set; } = default!;

    /// <summary>The widget's options from lab.md.</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    private bool Running => Jobs.Current is { Running: true };

    private AgentExperimentResult? Selected => _results.FirstOrDefault(r => r.Id == _resultId);

    private IReadOnlyList<AgentTask> SelectedTasks => _set switch
    {
        "csharp" => [.. _tasks.Where(t => t.Language == AgentLanguage.CSharp)],
        "python" => [.. _tasks.Where(t => t.Language == AgentLanguage.Python)],
        _ => _tasks,
    };

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _tasks = Catalog.Tasks;
        var list = Backends.List();
        var fallback = BackendDefaults.ForToolModules(list);
        var backend = WidgetOptions.Text(Options, "backend", fallback);
        _backend = list.Any(b => b.Name == backend && b.IsAvailable) ? backend : fallback;
        _seeds = Clamp(WidgetOptions.Text(Options, "seeds", "3"), 1, AgentExperiment.MaxSeeds, 3);
        _maxSteps = Clamp(WidgetOptions.Text(Options, "max_steps", "12"), 1, 100, 12);
        _canRun = AuthenticationState is not null && WorkbenchPolicies.AllowsEngineControl((await AuthenticationState).User);
        Reload();
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(100), () => InvokeAsync(() =>
        {
            if (_disposed) return;
            if (Jobs.Current is { Running: false, Result: { } done })
            {
                Reload();
                _resultId = done.Id;
            }
            if (Jobs.Current is { Running: false, Error: { } error }) _error = error;
            StateHasChanged();
        }));
        Jobs.Changed += OnChanged;
    }

    private void Reload()
    {
        _results = Store.List();
        _resultId ??= _results.FirstOrDefault()?.Id;
    }

    private void Start()
    {
        if (Running) return;
        _error = null;
        try
        {
            Jobs.Start(new AgentExperiment([.. SelectedTasks.Select(t => t.Id)], _backend, Seeds: _seeds, MaxSteps: _maxSteps), null);
        }
        catch (Exception e) when (e is AgentRunRejectedException or ArgumentException)
        {
            _error = e.Message;
        }
    }

    private void Cancel() => Jobs.Cancel();

    private void Pick(string? id) => _resultId = id;

    private void OnChanged(AgentExperimentJob job)
    {
        if (job.Running) _throttle?.Request();
        else _ = _throttle?.FlushAsync();
    }

    private void SeedsChanged(ChangeEventArgs e) => _seeds = Clamp(e.Value?.ToString(), 1, AgentExperiment.MaxSeeds, _seeds);

    private void StepsChanged(ChangeEventArgs e) => _maxSteps = Clamp(e.Value?.ToString(), 1, 100, _maxSteps);

    private static int Clamp(string? text, int min, int max, int fallback) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, min, max) : fallback;

    private static string FirstError(AgentExperimentResult result) =>
        result.Runs.FirstOrDefault(r => r.Error is not null) is { } run ? $"First: {run.TaskId}: {run.Error}" : "";

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Jobs.Changed -= OnChanged;
        _throttle?.Dispose();
        GC.SuppressFinalize(this);
    }
}
