using System.Globalization;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Lab.Backends;
using Workbench.Lab.Content;
using Workbench.Lab.Tools.Builtin;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// Widget <c>tool-definitions</c>: a Monaco JSON editor holding OpenAI <c>tools</c> (by default the built-in
/// <c>get_weather</c> and <c>convert_units</c>), a <c>tool_choice</c> selector (auto, none, required, named) and the
/// <c>parallel_tool_calls</c> toggle. Send measures the prompt against n_ctx (<see cref="ToolPromptBudget"/>: refused
/// when it leaves no room, max_tokens lowered and said so when it does not fit), then runs one completion
/// (<see cref="ToolCompletion"/>) and shows the raw model text beside the parsed calls, finish_reason and tokens.
/// A text that is not JSON, or a schema the engine rejects, is an inline error; the editor keeps the text.
/// Options (see <c>LabWidgets.ToolDefinitions</c>): <c>prompt</c>, <c>tools</c> (the JSON text of the array), <c>tool_choice</c> (<c>auto</c>, <c>none</c>,
/// <c>required</c> or a function name; default <c>required</c>), <c>max_tokens</c> (default 200), <c>render_tools</c> (default true; false starts with the tools left out of the
/// prompt, see <see cref="ToolCompletion.MeasureAsync"/>), <c>seed</c>
/// (default 1), <c>temperature</c> (default 0.8).
/// <para>When the host serves the lab's tool model (<see cref="IToolModelBackend"/>, issue 15) a Model selector offers
/// it beside the default model and starts on it when it is available; there <c>tool_choice</c> starts at <c>auto</c>
/// (the model decides) unless the option names one.</para>
/// </summary>
public partial class ToolDefinitionsEditor
{
    /// <summary>The built-in tools the editor starts with.</summary>
    public static readonly IReadOnlyList<string> DefaultTools = [WeatherTool.ToolName, UnitConversionTool.ToolName];

    private readonly string _id = "tools-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<StarterFile> _files = [];
    private CodeEditor? _editor;
    private CancellationTokenSource? _cts;
    private string _prompt = "";
    private string _choice = "required";
    private string _functionName = WeatherTool.ToolName;
    private bool _parallel;
    private bool _renderTools = true;
    private int? _maxTokens;
    private double? _temperature;
    private long? _seed;
    private bool _busy;
    private string? _error;
    private ToolPromptBudget? _budget;
    private ToolCompletionResult? _result;
    private string? _request;

    /// <summary>The widget block's options (<c>prompt</c>, <c>tools</c>, <c>tool_choice</c>, <c>max_tokens</c>, <c>seed</c>,
    /// <c>temperature</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private BuiltinTools Builtins { get; set; } = default!;
    [Inject] private ILogger<ToolDefinitionsEditor> Logger { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    /// <summary>The lab's tool model, when the host serves one.</summary>
    private IToolModelBackend? ToolModel { get; set; }

    /// <summary><c>tool</c> (the tool model) or <c>default</c> (the loaded model).</summary>
    private string _model = "default";

    /// <summary>The engine the completion runs on (for tests: <c>tool</c> or <c>default</c>).</summary>
    internal string ModelChoice => _model;

    private IInferenceEngine Target => _model == "tool" && ToolModel is { IsAvailable: true } tool ? tool.Engine : Engine;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        var toolsText = WidgetOptions.Text(Options, "tools");
        _files = [new StarterFile("tools.json", (toolsText.Trim().Length > 0 ? toolsText.Trim() : ToolDefinitionsJson.Write(Builtins, DefaultTools)) + "\n")];
        _prompt = WidgetOptions.Text(Options, "prompt", "What's the weather in Oslo?");
        ToolModel = Services.GetService(typeof(IToolModelBackend)) as IToolModelBackend;
        if (ToolModel is { IsAvailable: true }) _model = "tool";
        var choice = WidgetOptions.Text(Options, "tool_choice", _model == "tool" ? "auto" : "required").Trim();
        if (choice is "auto" or "none" or "required") _choice = choice;
        else if (choice.Length > 0)
        {
            _choice = "named";
            _functionName = choice;
        }
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 200);
        _renderTools = !string.Equals(WidgetOptions.Text(Options, "render_tools", "true"), "false", StringComparison.OrdinalIgnoreCase);
        _seed = WidgetOptions.Number(Options, "seed", 1);
        _temperature = double.TryParse(WidgetOptions.Text(Options, "temperature"), NumberStyles.Float, CultureInfo.InvariantCulture, out var t) ? t : 0.8;
    }

    private static string Format(ToolPromptBudget budget) => budget.Rendered.ToolCallFormat?.ToString() ?? "none detected (Hermes is used)";

    private ToolChoice Choice => _choice switch
    {
        "auto" => ToolChoice.Auto,
        "none" => ToolChoice.None,
        "named" => ToolChoice.Function(_functionName.Trim()),
        _ => ToolChoice.Required,
    };

    private Task CountAsync() => RunGuardedAsync(send: false);

    private Task SendAsync() => RunGuardedAsync(send: true);

    private async Task RunGuardedAsync(bool send)
    {
        if (_busy) return;
        _error = null;
        _busy = true;
        var cts = _cts = new CancellationTokenSource();
        try
        {
            var text = _editor is null ? _files[0].Content : (await _editor.GetFilesAsync())["tools.json"];
            var (tools, parseError) = ToolDefinitionsJson.Parse(text);
            if (tools is null)
            {
                _error = parseError;
                return;
            }
            if (string.IsNullOrWhiteSpace(_prompt))
            {
                _error = "Write a user message first.";
                return;
            }
            // The schemas and the choice are checked before anything is rendered: a rejected schema is the error to show.
            _ = ToolCallSession.Create(tools, Choice, _parallel, format: null);
            if (send) _result = null;
            if (send) _request = null;
            StateHasChanged();
            var messages = new List<PromptMessage> { new("user", _prompt.Trim()) };
            var maxTokens = Math.Max(1, _maxTokens ?? 200);
            await UseGate.RunOnEngineAsync(async ct =>
            {
                var engine = Target;
                var budget = _budget = await ToolCompletion.MeasureAsync(engine, messages, tools, maxTokens, _renderTools, ct);
                if (!send || !budget.Fits) return true;
                StateHasChanged();
                var seed = (uint)Math.Clamp(_seed ?? 1, 0, uint.MaxValue);
                _request = ToolDefinitionsJson.RequestBody(engine.Model?.Id, messages, text, Choice, _parallel, budget.EffectiveMaxTokens, seed, _temperature ?? 0.8);
                _result = await ToolCompletion.RunAsync(engine, budget, tools, Choice, _parallel, (float)Math.Clamp(_temperature ?? 0.8, 0, 2), seed, ct);
                return true;
            }, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _error = "Stopped.";
        }
        catch (JsonSchemaException ex)
        {
            _error = $"The engine rejected a tool's parameters schema: {ex.Message}";
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException)
        {
            _error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Tool definitions: the completion failed");
            _error = "The completion failed unexpectedly; see the server log.";
        }
        finally
        {
            _busy = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    private void Stop() => _cts?.Cancel();

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }
}
