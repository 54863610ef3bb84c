using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Lab.Content;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// Widget <c>schema-modes</c>: a JSON Schema editor (Monaco, JSON; the lecture's Location schema by default) and
/// one prompt run in the four <see cref="OutputMode"/>s with the same seed, each reply shown with its verdict
/// (not JSON / JSON with the <see cref="JsonSchemaValidator"/> errors listed / valid), the valid schema-constrained
/// reply as a typed C# object, and an experiment runner (N seeds per mode, progress, cancel) giving the validity
/// rate per mode as a table and a chart. Calls <see cref="IInferenceEngine"/> with <c>SamplingOptions.Grammar</c>
/// inside <see cref="EngineUseGate.RunOnEngineAsync{T}"/>. Options (see <c>LabWidgets.SchemaModes</c>):
/// <c>prompt</c>, <c>schema</c>, <c>max_tokens</c> (default 160), <c>temperature</c> (default 0.8), <c>seed</c>
/// (default 1), <c>runs</c> (default 10, at most 100).
/// </summary>
public partial class SchemaModes
{
    /// <summary>The most runs per mode the experiment accepts.</summary>
    public const int MaxRunsPerMode = 100;

    /// <summary>Generations in flight at once during an experiment.</summary>
    public const int ExperimentConcurrency = 4;

    private static readonly OutputMode[] Modes = Enum.GetValues<OutputMode>();

    private readonly string _id = "schema-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<OutputMode, ModeResult> _results = [];
    private IReadOnlyList<StarterFile> _schemaFiles = [];
    private CodeEditor? _editor;
    private CancellationTokenSource? _cts;
    private string _prompt = "";
    private int? _maxTokens;
    private double? _temperature;
    private long? _seed;
    private int _runsPerMode;
    private bool _running;
    private bool _experimenting;
    private string? _error;
    private string? _errorTitle;
    private JsonElement? _schema;
    private SchemaExperiment? _experiment;

    /// <summary>The widget block's options (<c>prompt</c>, <c>schema</c>, <c>max_tokens</c>, <c>temperature</c>,
    /// <c>seed</c>, <c>runs</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<SchemaModes> Logger { get; set; } = default!;

    private bool Busy => _running || _experimenting;

    /// <summary>The outcome shown as a typed object: the schema-constrained reply when valid, else any valid one.</summary>
    private ModeOutcome? TypedSource =>
        Enumerable.Reverse(Modes).Select(m => _results.GetValueOrDefault(m)?.Outcome).FirstOrDefault(o => o?.Verdict.IsValid == true);

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _schemaFiles = [new StarterFile("schema.json", WidgetOptions.Text(Options, "schema", StructuredPrompt.LocationSchema).Trim() + "\n")];
        _prompt = WidgetOptions.Text(Options, "prompt", StructuredPrompt.DefaultPrompt);
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 160);
        _temperature = double.TryParse(WidgetOptions.Text(Options, "temperature"), System.Globalization.NumberStyles.Float,
            System.Globalization.CultureInfo.InvariantCulture, out var t) ? t : 0.8;
        _seed = WidgetOptions.Number(Options, "seed", 1);
        _runsPerMode = (int)Math.Clamp(WidgetOptions.Number(Options, "runs", 10) ?? 10, 1, MaxRunsPerMode);
    }

    private Task RunModesAsync() => RunGuardedAsync(running: true, "The run", async ct =>
    {
        var requests = await PrepareAsync(ct);
        if (requests is null) return;
        foreach (var mode in Modes) _results[mode] = new ModeResult(Running: true);
        StateHasChanged();
        var seed = (uint)Math.Clamp(_seed ?? 1, 0, uint.MaxValue);
        await UseGate.RunOnEngineAsync(token => Task.WhenAll(requests.Select(r => RunModeAsync(r, seed, token))), ct);
    });

    private async Task<bool> RunModeAsync(ModeRequest request, uint seed, CancellationToken cancellationToken)
    {
        ModeResult result;
        try
        {
            result = new ModeResult(false, await request.RunAsync(Engine, seed, cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            result = new ModeResult(false, Error: "Stopped.");
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException or JsonSchemaException)
        {
            result = new ModeResult(false, Error: ex.Message);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Schema modes: {Mode} failed", request.Mode);
            result = new ModeResult(false, Error: "The call failed unexpectedly; see the server log.");
        }
        await InvokeAsync(() =>
        {
            _results[request.Mode] = result;
            StateHasChanged();
        });
        return result.Outcome is not null;
    }

    private Task RunExperimentAsync() => RunGuardedAsync(running: false, "The experiment", async ct =>
    {
        var requests = await PrepareAsync(ct);
        if (requests is null) return;
        var experiment = _experiment = new SchemaExperiment(requests, Math.Clamp(_runsPerMode, 1, MaxRunsPerMode));
        StateHasChanged();
        await UseGate.RunOnEngineAsync(async token =>
        {
            await experiment.RunAsync(Engine, ExperimentConcurrency, () => _ = InvokeAsync(StateHasChanged), token);
            return true;
        }, ct);
    });

    /// <summary>Runs <paramref name="work"/> as the one busy operation of the widget (a mode run or an experiment):
    /// Stop cancels it (what it showed so far stays), and a failure becomes the widget's alert.</summary>
    /// <param name="running">True for a mode run, false for an experiment.</param>
    /// <param name="what">The operation's name in the alert ("The experiment").</param>
    /// <param name="work">The operation.</param>
    private async Task RunGuardedAsync(bool running, string what, Func<CancellationToken, Task> work)
    {
        if (Busy) return;
        _error = _errorTitle = null;
        _running = running;
        _experimenting = !running;
        var cts = _cts = new CancellationTokenSource();
        try
        {
            await work(cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            // Stopped: the results and counts so far stay on screen.
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException)
        {
            ShowError($"{what} stopped:", ex.Message);
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Schema modes: {Operation} failed", what);
            ShowError(null, $"{what} failed unexpectedly; see the server log.");
        }
        finally
        {
            _running = _experimenting = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    /// <summary>Reads and parses the schema, converts it, renders the four prompts; shows an error and returns null
    /// when the schema is not JSON or not supported.</summary>
    private async Task<IReadOnlyList<ModeRequest>?> PrepareAsync(CancellationToken cancellationToken)
    {
        var text = _editor is null ? _schemaFiles[0].Content : (await _editor.GetFilesAsync())["schema.json"];
        var (schema, parseError) = StructuredPrompt.ParseSchema(text);
        if (schema is not { } parsed)
        {
            ShowError("Schema error:", parseError!);
            return null;
        }
        _schema = parsed;
        if (string.IsNullOrWhiteSpace(_prompt))
        {
            ShowError(null, "Write a prompt first.");
            return null;
        }
        try
        {
            var requests = new List<ModeRequest>();
            foreach (var mode in Modes)
            {
                requests.Add(await ModeRequest.CreateAsync(Engine, mode, _prompt.Trim(), parsed, Math.Max(1, _maxTokens ?? 160),
                    (float)Math.Clamp(_temperature ?? 0.8, 0, 2), cancellationToken));
            }
            return requests;
        }
        catch (JsonSchemaException ex)
        {
            ShowError(StructuredPrompt.SchemaErrorTitle(ex), ex.Message);
        }
        catch (EngineException ex)
        {
            ShowError(null, ex.Message);
        }
        return null;
    }

    private void ShowError(string? title, string message)
    {
        _errorTitle = title;
        _error = message;
    }

    private void Stop() => _cts?.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }
}
