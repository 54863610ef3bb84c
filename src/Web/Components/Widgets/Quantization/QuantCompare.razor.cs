using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Engine.Evaluation;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Quantization;

namespace Workbench.Web.Components.Widgets.Quantization;

/// <summary>
/// Widget <c>quant-compare</c>: pick a source model and the files made from it (the model list's files whose name
/// starts with the source's name without <c>.gguf</c>, as the quantize widget names its outputs), n_ctx and a greedy
/// prompt; Run measures every file in a model-tool child process (<see cref="ModelEvaluationService.CompareAsync"/>)
/// with a progress bar per chunk and Cancel (kills the process). The table shows file size, bits per weight, load
/// time, prompt and generation tok/s, perplexity ± and its delta from the source (absolute and %), KL divergence
/// from the source and the same-top-token share, the best and worst value of each column marked (▲/▼); below it the
/// greedy outputs side by side. Options (all optional): <c>source</c> (a file name, default <c>stories260K.gguf</c>),
/// <c>n_ctx</c> (default 128), <c>prompt</c> (default <see cref="ModelComparisonRequest.DefaultPrompt"/>),
/// <c>models</c> (comma list of file names to tick; default every candidate).
/// </summary>
public partial class QuantCompare : IDisposable
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly string _id = "qc-" + Guid.NewGuid().ToString("N")[..8];
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private IReadOnlyList<ModelFile> _models = [];
    private IReadOnlyList<ModelFile> _candidates = [];
    private string _source = "";
    private int _contextSize = 128;
    private string _prompt = ModelComparisonRequest.DefaultPrompt;
    private bool _running;
    private double _progress;
    private string? _stage;
    private string? _error;
    private ModelComparison? _result;
    private CancellationTokenSource? _cts;

    /// <summary>The widget block's options (<c>source</c>, <c>n_ctx</c>, <c>prompt</c>, <c>models</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private ModelEvaluationService Evaluations { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    // The quantize queue when the host has one (the web app does): its finished files join the pickers.
    private Workbench.Web.Quantization.QuantizeJobQueue? QuantizeJobs => (Workbench.Web.Quantization.QuantizeJobQueue?)Services.GetService(typeof(Workbench.Web.Quantization.QuantizeJobQueue));

    /// <summary>The last comparison shown, or null.</summary>
    internal ModelComparison? Result => _result;

    private string Stem => Path.GetFileNameWithoutExtension(_source);

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _models = Evaluations.Models();
        string wanted = WidgetOptions.Text(Options, "source", "stories260K.gguf");
        _source = _models.FirstOrDefault(m => m.FileName == wanted)?.FileName ?? _models.FirstOrDefault()?.FileName ?? wanted;
        _contextSize = (int)(WidgetOptions.Number(Options, "n_ctx", 128) ?? 128);
        _prompt = WidgetOptions.Text(Options, "prompt", ModelComparisonRequest.DefaultPrompt);
        LoadCandidates(WidgetOptions.Text(Options, "models"));
        if (QuantizeJobs is { } jobs) jobs.Changed += OnQuantizeJobChanged;
    }

    // A file the quantize widget (on this page or another) just wrote joins the candidates, ticked, without a reload.
    private void OnQuantizeJobChanged(QuantizeJobView job)
    {
        if (job.Status != "done" || job.Source != _source) return;
        _ = InvokeAsync(() =>
        {
            var ticked = _selected.ToHashSet(StringComparer.Ordinal);
            var known = _candidates.Select(c => c.FileName).ToHashSet(StringComparer.Ordinal);
            _models = Evaluations.Models();
            _candidates = Evaluations.CandidatesFor(_source);
            _selected.Clear();
            foreach (var file in _candidates)
                if (ticked.Contains(file.FileName) || !known.Contains(file.FileName)) _selected.Add(file.FileName);
            StateHasChanged();
        });
    }

    private void LoadCandidates(string? preselect)
    {
        _candidates = Evaluations.CandidatesFor(_source);
        _selected.Clear();
        var wanted = (preselect ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var file in _candidates)
            if (wanted.Length == 0 || wanted.Contains(file.FileName)) _selected.Add(file.FileName);
    }

    private void OnSourceChanged(ChangeEventArgs e)
    {
        _source = e.Value?.ToString() ?? "";
        _result = null;
        LoadCandidates(null);
    }

    private void Toggle(string file, bool on)
    {
        if (on) _selected.Add(file);
        else _selected.Remove(file);
    }

    private async Task RunAsync()
    {
        if (_running || _selected.Count == 0) return;
        _running = true;
        _error = null;
        _progress = 0;
        _stage = "starting the model tool";
        _cts = new CancellationTokenSource();
        try
        {
            var (ownerId, onlyOne) = await OwnerAsync();
            var models = _candidates.Select(c => c.FileName).Where(_selected.Contains).ToList();
            var progress = new UiProgress(this);
            _result = await Evaluations.CompareAsync(ownerId, onlyOne, _source, models, null, _contextSize, _prompt, progress, _cts.Token);
        }
        catch (OperationCanceledException)
        {
            _error = "Cancelled.";
        }
        catch (Exception e) when (e is EvaluationRequestException or ModelToolException)
        {
            _error = e.Message;
        }
        finally
        {
            _running = false;
            _cts?.Dispose();
            _cts = null;
        }
    }

    private void Cancel() => _cts?.Cancel();

    private async Task<(string OwnerId, bool OnlyOne)> OwnerAsync()
    {
        if (Services.GetService(typeof(AuthenticationStateProvider)) is AuthenticationStateProvider auth
            && LabUser.FromPrincipal((await auth.GetAuthenticationStateAsync()).User) is { } user)
            return (user.UserId, user.Role == LabRoles.Student);
        return ("anonymous", false);
    }

    private void Report(ModelToolProgress value)
    {
        _progress = value.Fraction;
        _stage = value.Message;
        _ = InvokeAsync(StateHasChanged);
    }

    /// <summary>"best" or "worst" (CSS class) when <paramref name="row"/> holds a column's extreme among all rows.</summary>
    private string? Mark(ModelComparisonRow row, Func<ModelComparisonRow, double> value, bool lowerIsBetter, bool excludeSource = false) =>
        Extreme(row, value, lowerIsBetter, excludeSource) switch { 1 => "wb-qc-best", -1 => "wb-qc-worst", _ => null };

    /// <summary>A ▲ (best) or ▼ (worst) marker with its word as a title, or nothing.</summary>
    private RenderFragment? Badge(ModelComparisonRow row, Func<ModelComparisonRow, double> value, bool lowerIsBetter, bool excludeSource = false) =>
        Extreme(row, value, lowerIsBetter, excludeSource) switch
        {
            1 => b => { b.OpenElement(0, "span"); b.AddAttribute(1, "class", "wb-qc-badge"); b.AddAttribute(2, "title", "best"); b.AddContent(3, " ▲"); b.CloseElement(); },
            -1 => b => { b.OpenElement(0, "span"); b.AddAttribute(1, "class", "wb-qc-badge"); b.AddAttribute(2, "title", "worst"); b.AddContent(3, " ▼"); b.CloseElement(); },
            _ => null,
        };

    /// <summary>1 when <paramref name="row"/> has the column's best value, −1 its worst, 0 otherwise (or when all
    /// values are equal); <paramref name="excludeSource"/> leaves the source out (its KL is 0 by definition).</summary>
    private int Extreme(ModelComparisonRow row, Func<ModelComparisonRow, double> value, bool lowerIsBetter, bool excludeSource)
    {
        if (_result is not { } table || (excludeSource && row.IsSource)) return 0;
        var values = table.Rows.Where(r => !excludeSource || !r.IsSource).Select(value).ToList();
        if (values.Count < 2) return 0;
        double min = values.Min(), max = values.Max();
        if (min == max) return 0;
        double v = value(row);
        if (v == (lowerIsBetter ? min : max)) return 1;
        if (v == (lowerIsBetter ? max : min)) return -1;
        return 0;
    }

    private static string Signed(double value, string format) => (value > 0 ? "+" : "") + value.ToString(format, Inv);

    private static string Bytes(long bytes) => bytes >= 1024 * 1024
        ? (bytes / (1024.0 * 1024)).ToString("0.00", Inv) + " MiB"
        : (bytes / 1024.0).ToString("0.0", Inv) + " KiB";

    /// <inheritdoc />
    public void Dispose()
    {
        if (QuantizeJobs is { } jobs) jobs.Changed -= OnQuantizeJobChanged;
        _cts?.Cancel();
        GC.SuppressFinalize(this);
    }

    private sealed class UiProgress(QuantCompare owner) : IProgress<ModelToolProgress>
    {
        public void Report(ModelToolProgress value) => owner.Report(value);
    }
}
