using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Agent;
using Workbench.Lab.Backends;
using Workbench.Web.Auth;
using Workbench.Web.Rendering;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// Widget <c>agent-run</c> (issue 14 §2): pick a backend (<see cref="IChatBackends.List"/>), a task (the catalogue),
/// verify-on-edit (the exact nudge and rollback texts of <see cref="AgentPrompts"/> shown under it) and max steps;
/// Start hands an <see cref="AgentRunRequest"/> to <see cref="AgentRunService"/> (the service behind
/// <c>/api/agent/runs</c>), Stop stops it. The status line, <see cref="TrajectoryView"/> and
/// <see cref="AgentWorkspaceView"/> follow the run live from <see cref="AgentRunService.Changed"/> through a
/// <see cref="RenderThrottle"/>; "Show diff" in the trajectory opens that edit in the diff editor. Start is disabled
/// while a run is active; a rejected start or a backend failure is an alert with its message. Options, all optional:
/// <c>backend</c> (default the lab's tool model when it is available, else the built-in engine:
/// <see cref="BackendDefaults.ForToolModules"/>), <c>task</c> (a task id; default the first), <c>verify_on_edit</c>
/// (<c>true</c>/<c>false</c>, default true), <c>max_steps</c> (1–100, default 20).
/// </summary>
public partial class AgentRunWidget : IDisposable
{
    private readonly string _id = "agent-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<BackendInfo> _backends = [];
    private IReadOnlyList<AgentTask> _tasks = [];
    private string _backend = IChatBackends.BuiltInName;
    private string _taskId = "";
    private bool _verify = true;
    private int _maxSteps = 20;
    private bool _starting;
    private string? _error;
    private string? _runId;
    private AgentRunRecord? _record;
    private volatile AgentRunRecord? _pending;
    private IReadOnlyDictionary<string, string> _original = new Dictionary<string, string>();
    private int? _selectedEdit;
    private RenderThrottle? _throttle;
    private bool _disposed;

    /// <summary>The widget block's options (<c>backend</c>, <c>task</c>, <c>verify_on_edit</c>, <c>max_steps</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private AgentRunService Runs { get; set; } = default!;
    [Inject] private AgentTaskCatalog Catalog { get; set; } = default!;
    [Inject] private IChatBackends Backends { get; set; } = default!;

    /// <summary>The run shown now (for tests).</summary>
    internal AgentRunRecord? Record => _record;

    private bool Busy => _runId is { } id && Runs.IsActive(id);

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _backends = Backends.List();
        _tasks = Catalog.Tasks;
        var fallback = BackendDefaults.ForToolModules(_backends);
        var backend = WidgetOptions.Text(Options, "backend", fallback);
        _backend = _backends.Any(b => b.Name == backend && b.IsAvailable) ? backend : fallback;
        var task = WidgetOptions.Text(Options, "task", "");
        _taskId = _tasks.FirstOrDefault(t => t.Id == task)?.Id ?? _tasks.FirstOrDefault()?.Id ?? "";
        _verify = !string.Equals(WidgetOptions.Text(Options, "verify_on_edit", "true"), "false", StringComparison.OrdinalIgnoreCase);
        _maxSteps = int.TryParse(WidgetOptions.Text(Options, "max_steps", "20"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? Math.Clamp(n, 1, 100) : 20;
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(50), () => InvokeAsync(Flush));
        Runs.Changed += OnChanged;
    }

    private void StepsChanged(ChangeEventArgs e)
    {
        if (int.TryParse(e.Value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) _maxSteps = Math.Clamp(n, 1, 100);
    }

    private async Task Start()
    {
        if (Busy || _starting) return;
        _starting = true;
        _error = null;
        try
        {
            var task = _tasks.FirstOrDefault(t => t.Id == _taskId);
            if (task is null)
            {
                _error = "Pick a task.";
                return;
            }
            var user = AuthenticationState is null ? null : LabUser.FromPrincipal((await AuthenticationState).User);
            _original = TaskFiles.Read(task);
            _selectedEdit = null;
            var id = Runs.Start(new AgentRunRequest(task, _backend, VerifyOnEdit: _verify, MaxSteps: _maxSteps, OwnerId: user?.UserId));
            _runId = id;
            _record = Runs.Get(id);
        }
        catch (AgentRunRejectedException e)
        {
            _error = e.Message;
        }
        catch (BackendException e)
        {
            _error = e.Message;
        }
        finally
        {
            _starting = false;
        }
    }

    private void Stop()
    {
        if (_runId is { } id) Runs.Stop(id);
    }

    private void ShowDiff(int editIndex) => _selectedEdit = editIndex;

    private void OnChanged(AgentRunRecord record)
    {
        if (_disposed || record.Id != _runId) return;
        _pending = record;
        if (record.Status is AgentRunStatus.Finished or AgentRunStatus.Failed) _ = _throttle?.FlushAsync();
        else _throttle?.Request();
    }

    private void Flush()
    {
        if (_disposed || _pending is not { } record) return;
        _record = record;
        StateHasChanged();
    }

    private static string Language(AgentLanguage language) => language switch
    {
        AgentLanguage.CSharp => "C#",
        AgentLanguage.Python => "Python",
        _ => "other",
    };

    private static string StatusText(AgentRunRecord run) => run.Status switch
    {
        AgentRunStatus.Queued => "Queued",
        AgentRunStatus.Running => $"Running step {run.Steps.Count + 1}",
        AgentRunStatus.Testing => "Running the hidden tests",
        AgentRunStatus.Finished => $"Finished after {run.Steps.Count} step{(run.Steps.Count == 1 ? "" : "s")}: {(run.Passed ? "tests passed" : run.Tests is null ? "no test run" : "tests failed")}",
        AgentRunStatus.Failed => "Failed",
        _ => run.Status.ToString(),
    };

    private static string Elapsed(AgentRunRecord run) =>
        TrajectoryView.FormatMs(((run.EndedAt ?? DateTimeOffset.UtcNow) - run.StartedAt).TotalMilliseconds);

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Runs.Changed -= OnChanged;
        _throttle?.Dispose();
        GC.SuppressFinalize(this);
    }
}
