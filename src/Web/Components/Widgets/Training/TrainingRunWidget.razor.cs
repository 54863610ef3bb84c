using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Lab.Training.Runs;
using Workbench.Web.Auth;
using Workbench.Web.Rendering;

namespace Workbench.Web.Components.Widgets.Training;

/// <summary>
/// Widget <c>training-run</c> (issue 15 §2, lab 09): the knobs (model size, learning rate, steps, seed; their bounds
/// from <see cref="TrainingRunRequest"/> shown in the labels), Start hands them to <see cref="TrainingRunService"/>
/// (the service behind <c>/api/training/runs</c>), Stop stops the run. The status line (queue position, step, loss,
/// tokens/s, elapsed), the loss curve (a Radzen line chart, step → loss) and the checkpoint samples (a table per
/// prompt, step → reply) follow the run live from <see cref="TrainingRunService.Changed"/> through a
/// <see cref="RenderThrottle"/>. When done: the file, its size and parameter count, and for a user with
/// <see cref="WorkbenchPolicies.EngineControl"/> "Load in chat" (the file lies in the model catalog's folder, so it
/// loads as the Model page loads models). On open it shows the user's newest run. Options, all optional:
/// <c>preset</c> (<c>tiny</c>|<c>small</c>), <c>learning_rate</c>, <c>steps</c>, <c>seed</c> (clamped to the bounds).
/// </summary>
public partial class TrainingRunWidget : IDisposable
{
    private readonly string _id = "training-" + Guid.NewGuid().ToString("N")[..8];
    private string _preset = TrainingRunRequest.TinyPreset;
    private double _learningRate = TrainingRunRequest.DefaultLearningRate;
    private int _steps = TrainingRunRequest.DefaultSteps;
    private int _seed = TrainingRunRequest.DefaultSeed;
    private string? _owner;
    private bool _mayControl;
    private bool _starting;
    private bool _loading;
    private bool _loaded;
    private string? _error;
    private string _tryPrompt = "What's the weather like in Oslo?";
    private readonly HashSet<string> _tryTools = new(StringComparer.Ordinal) { "get_weather", "get_time" };
    private bool _trying;
    private string? _tryReply;
    private string? _tryError;
    private TrainingRunRecord? _record;
    private volatile TrainingRunRecord? _pending;
    private RenderThrottle? _throttle;
    private bool _disposed;

    /// <summary>The widget block's options (<c>preset</c>, <c>learning_rate</c>, <c>steps</c>, <c>seed</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private TrainingRunService Runs { get; set; } = default!;
    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private ModelCatalog Catalog { get; set; } = default!;

    /// <summary>The run shown now (for tests).</summary>
    internal TrainingRunRecord? Record => _record;

    private bool Busy => _record is { IsActive: true };

    private int MaxSteps => TrainingRunRequest.MaxStepsFor(_preset);

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _preset = WidgetOptions.Text(Options, "preset", TrainingRunRequest.TinyPreset) == TrainingRunRequest.SmallPreset
            ? TrainingRunRequest.SmallPreset : TrainingRunRequest.TinyPreset;
        if (double.TryParse(WidgetOptions.Text(Options, "learning_rate", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var lr))
            _learningRate = Math.Clamp(lr, TrainingRunRequest.MinLearningRate, TrainingRunRequest.MaxLearningRate);
        _steps = (int)Math.Clamp(WidgetOptions.Number(Options, "steps", TrainingRunRequest.DefaultSteps) ?? TrainingRunRequest.DefaultSteps, TrainingRunRequest.MinSteps, MaxSteps);
        _seed = (int)Math.Clamp(WidgetOptions.Number(Options, "seed", TrainingRunRequest.DefaultSeed) ?? TrainingRunRequest.DefaultSeed, 0, int.MaxValue);
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(100), () => InvokeAsync(Flush));
        Runs.Changed += OnChanged;
        if (AuthenticationState is not null)
        {
            var principal = (await AuthenticationState).User;
            _owner = LabUser.FromPrincipal(principal)?.UserId;
            _mayControl = WorkbenchPolicies.AllowsEngineControl(principal);
        }
        if (_owner is not null) _record = Runs.List(_owner).FirstOrDefault();
    }

    private void PresetChanged(ChangeEventArgs e)
    {
        _preset = e.Value?.ToString() == TrainingRunRequest.SmallPreset ? TrainingRunRequest.SmallPreset : TrainingRunRequest.TinyPreset;
        _steps = Math.Min(_steps, MaxSteps);
    }

    private void LearningRateChanged(ChangeEventArgs e)
    {
        if (double.TryParse(e.Value?.ToString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var lr)) _learningRate = lr;
    }

    private void StepsChanged(ChangeEventArgs e)
    {
        if (int.TryParse(e.Value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) _steps = n;
    }

    private void SeedChanged(ChangeEventArgs e)
    {
        if (int.TryParse(e.Value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)) _seed = n;
    }

    private void Start()
    {
        if (Busy || _starting) return;
        _error = null;
        if (_owner is null)
        {
            _error = "Sign in to train a model.";
            return;
        }
        _starting = true;
        try
        {
            _loaded = false;
            var id = Runs.Start(_owner, new TrainingRunRequest(_preset, _learningRate, _steps, _seed));
            _record = Runs.Get(id);
        }
        catch (TrainingRunRequestException e)
        {
            _error = e.Message;
        }
        catch (TrainingRunRejectedException e)
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
        if (_record is { } run && _owner is not null) Runs.Stop(_owner, run.Id);
    }

    private async Task LoadInChat()
    {
        if (!_mayControl || _record?.ModelPath is not { } file) return;
        _error = null;
        if (Catalog.ResolveLoadable(file) is not { } path)
        {
            _error = ModelCatalog.NotLoadableMessage;
            return;
        }
        _loading = true;
        try
        {
            await Engine.LoadModelAsync(path, null, CancellationToken.None);
            _loaded = true;
        }
        catch (EngineException e)
        {
            _error = e.Message;
        }
        finally
        {
            _loading = false;
        }
    }

    private void ToggleTool(string tool, ChangeEventArgs e)
    {
        if (e.Value is true) _tryTools.Add(tool);
        else _tryTools.Remove(tool);
    }

    // The trained model answers in its own child process (TrainingRunService.ReplyAsync); the raw text is shown,
    // call markup included, so a student sees exactly what the model wrote.
    private async Task TryAsync()
    {
        if (_trying || _record is not { Status: TrainingRunStatus.Done } run || string.IsNullOrWhiteSpace(_tryPrompt)) return;
        _trying = true;
        _tryError = null;
        try
        {
            _tryReply = await Runs.ReplyAsync(run, _tryPrompt, [.. TrainingRunService.ReplyTools.Where(_tryTools.Contains)], CancellationToken.None);
        }
        catch (Exception e) when (e is TrainingRunRequestException or InvalidOperationException or TimeoutException)
        {
            _tryReply = null;
            _tryError = e.Message;
        }
        finally
        {
            _trying = false;
        }
    }

    private void OnChanged(TrainingRunRecord record)
    {
        if (_disposed || record.Id != _record?.Id) return;
        _pending = record;
        if (!record.IsActive) _ = _throttle?.FlushAsync();
        else _throttle?.Request();
    }

    private void Flush()
    {
        if (_disposed || _pending is not { } record) return;
        _record = record;
        StateHasChanged();
    }

    private string StatusText(TrainingRunRecord run) => run.Status switch
    {
        TrainingRunStatus.Queued => Runs.QueuePosition(run.Id) is var p and > 0
            ? $"Queued: you are {Ordinal(p)} in the queue (one run trains at a time on this server)"
            : "Starting",
        TrainingRunStatus.Running => "Training",
        TrainingRunStatus.Done => "Done",
        TrainingRunStatus.Stopped => "Stopped",
        TrainingRunStatus.Failed => "Failed",
        _ => run.Status.ToString(),
    };

    /// <summary>1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, 21st.</summary>
    internal static string Ordinal(int n) => n + ((n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" });

    /// <summary>A checkpoint sample on one line: each newline shown as ⏎, a run of four or more as ⏎×N (an early
    /// model often writes nothing but newlines, which would otherwise be a tall empty cell), an empty reply as
    /// "(empty)".</summary>
    internal static string OneLine(string text)
    {
        if (text.Length == 0) return "(empty)";
        string lines = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        return NewlineRun().Replace(lines, m => m.Length >= 4 ? $"⏎×{m.Length}" : new string('⏎', m.Length));
    }

    [System.Text.RegularExpressions.GeneratedRegex("\n+")]
    private static partial System.Text.RegularExpressions.Regex NewlineRun();

    private static string Lr(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    private static string Elapsed(TrainingRunRecord run) =>
        run.StartedAt is { } start ? $"{((run.EndedAt ?? DateTimeOffset.UtcNow) - start).TotalSeconds:0} s" : "";

    private static string Size(long? bytes) => bytes is { } b ? b >= 1 << 20 ? $"{b / 1048576.0:0.0} MB" : $"{b / 1024.0:0.#} KB" : "";

    private static string Count(long? n) => n is { } v ? v >= 1_000_000 ? $"{v / 1e6:0.00} M" : $"{v / 1e3:0.#} k" : "?";

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Runs.Changed -= OnChanged;
        _throttle?.Dispose();
        GC.SuppressFinalize(this);
    }
}
