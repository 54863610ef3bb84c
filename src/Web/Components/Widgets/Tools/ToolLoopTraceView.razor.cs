using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.AI;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Lab.Backends;
using Workbench.Lab.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// Widget <c>tool-loop-trace</c>: runs <see cref="ToolLoop"/> over <see cref="EngineChatClient"/> with the chosen
/// built-in tools (<see cref="BuiltinTools"/>, or those of <see cref="ToolSource"/>), the first request forced (<see cref="FirstCallForcedChatClient"/>),
/// and renders each <see cref="ToolLoopStep"/> as it completes: raw text with the call markup marked, the parsed
/// calls, each result (errors marked), tokens and milliseconds; then the loop's summary. Options (see
/// <c>LabWidgets.ToolLoopTrace</c>): <c>prompt</c>, <c>tools</c> (comma list; default all), <c>max_iterations</c>
/// (default 4, at most <see cref="MaxIterationsLimit"/>), <c>tool_choice</c> (the first step's: <c>required</c> or a
/// function name; absent or <c>auto</c> = <c>auto</c> on the lab's tool model, which decides itself, and
/// <c>required</c> on any other backend), <c>max_tokens</c> (default 96), <c>seed</c> (default 1).
/// A <see cref="Backends.BackendPicker"/> chooses the model: by default the lab's trained tool model
/// (<see cref="IChatBackends.ToolModelName"/>) when it is available, else the built-in engine
/// (<see cref="BackendDefaults.ForToolModules"/>; both run charged through <see cref="EngineUseGate"/>), or a remote
/// OpenAI-compatible backend from <see cref="IChatBackends"/>, whose failures (<see cref="BackendException"/>) end the
/// trace with an error line after the steps that completed.
/// </summary>
public partial class ToolLoopTraceView
{
    /// <summary>The most iterations the widget runs.</summary>
    public const int MaxIterationsLimit = 10;

    private readonly string _id = "loop-" + Guid.NewGuid().ToString("N")[..8];
    private readonly HashSet<string> _selected = new(StringComparer.Ordinal);
    private readonly List<ToolLoopStep> _steps = [];
    private CancellationTokenSource? _cts;
    private string _prompt = "";
    private string _firstChoice = "";
    private int? _maxIterations;
    private int? _maxTokens;
    private long? _seed;
    private bool _busy;
    private string _backend = IChatBackends.BuiltInName;
    private string? _error;
    private string? _backendError;
    private ToolLoopTrace? _trace;
    private ToolLoopToolSource _source = default!;

    /// <summary>The widget block's options (<c>prompt</c>, <c>tools</c>, <c>max_iterations</c>, <c>tool_choice</c>,
    /// <c>max_tokens</c>, <c>seed</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    /// <summary>Where the tools come from; null (default) = the built-in tools. Read once, when the widget starts
    /// (give the component a new <c>@key</c> to switch sources).</summary>
    [Parameter] public ToolLoopToolSource? ToolSource { get; set; }

    /// <summary>The backend to start with (a name of <see cref="IChatBackends"/>); null (default) =
    /// <see cref="BackendDefaults.ForToolModules"/>. Read once, when the widget starts: a parent that re-creates the
    /// widget (a new <c>@key</c>) passes the user's last choice back so it survives.</summary>
    [Parameter] public string? SelectedBackend { get; set; }

    /// <summary>Raised with the backend's name when the user picks another one.</summary>
    [Parameter] public EventCallback<string> SelectedBackendChanged { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private BuiltinTools Builtins { get; set; } = default!;
    [Inject] private IChatBackends Backends { get; set; } = default!;
    [Inject] private ILogger<ToolLoop> LoopLogger { get; set; } = default!;
    [Inject] private ILogger<ToolLoopTraceView> Logger { get; set; } = default!;

    /// <summary>The first step's tool_choice for the chosen backend: the option when it names <c>required</c> or a
    /// function; else <c>auto</c> on the tool model (trained to decide) and <c>required</c> elsewhere.</summary>
    private string FirstChoice => _firstChoice.Length > 0 ? _firstChoice : IsToolModel ? "auto" : "required";

    private string FirstChoiceText => FirstChoice is "required" or "auto" ? FirstChoice : $"{{\"type\": \"function\", \"function\": {{\"name\": \"{FirstChoice}\"}}}}";

    private string FirstChoiceNote => IsToolModel ? "(the trained tool model decides)"
        : IsRemote ? "(the server must honour it)" : "(a grammar writes the call)";

    /// <summary>The chosen backend (for tests).</summary>
    internal string Backend => _backend;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _source = ToolSource ?? new ToolLoopToolSource("Built-in tools offered", BuiltinTools.Names, names => Builtins.Select(names));
        _prompt = WidgetOptions.Text(Options, "prompt", "What is 12 * 7, and what's the weather in Oslo?");
        var tools = WidgetOptions.Text(Options, "tools");
        foreach (var name in tools.Trim().Length == 0 ? _source.Names
                     : tools.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Where(_source.Names.Contains))
            _selected.Add(name);
        var choice = WidgetOptions.Text(Options, "tool_choice", "").Trim();
        _firstChoice = choice == "auto" ? "" : choice;
        var backends = Backends.List();
        _backend = SelectedBackend is { } chosen && backends.Any(b => b.IsAvailable && string.Equals(b.Name, chosen, StringComparison.OrdinalIgnoreCase))
            ? chosen
            : BackendDefaults.ForToolModules(backends);
        _maxIterations = (int)Math.Clamp(WidgetOptions.Number(Options, "max_iterations", 4) ?? 4, 1, MaxIterationsLimit);
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 96);
        _seed = WidgetOptions.Number(Options, "seed", 1);
    }

    private Task BackendPicked(string name)
    {
        _backend = name;
        return SelectedBackendChanged.InvokeAsync(name);
    }

    private void Toggle(string name, ChangeEventArgs e)
    {
        if (e.Value is true) _selected.Add(name);
        else _selected.Remove(name);
    }

    private async Task RunAsync()
    {
        if (_busy) return;
        _error = null;
        if (_selected.Count == 0)
        {
            _error = "Pick at least one tool.";
            return;
        }
        if (string.IsNullOrWhiteSpace(_prompt))
        {
            _error = "Write a user message first.";
            return;
        }
        _busy = true;
        _trace = null;
        _backendError = null;
        _steps.Clear();
        var cts = _cts = new CancellationTokenSource();
        try
        {
            var tools = _source.Select([.. _source.Names.Where(_selected.Contains)]);
            ChatToolMode firstMode = FirstChoice switch
            {
                "required" => ChatToolMode.RequireAny,
                "auto" => ChatToolMode.Auto,
                var name => ChatToolMode.RequireSpecific(name),
            };
            bool remote = !BackendDefaults.IsLocal(_backend);
            using var backendClient = IsRemote ? Backends.GetChatClient(_backend) : new EngineChatClient(Engine);
            var client = new FirstCallForcedChatClient(backendClient, firstMode);
            var options = new ToolLoopOptions
            {
                MaxIterations = Math.Clamp(_maxIterations ?? 4, 1, MaxIterationsLimit),
                StepCompleted = step => _ = InvokeAsync(() =>
                {
                    _steps.Add(step);
                    StateHasChanged();
                }),
            };
            var chat = new ChatOptions
            {
                MaxOutputTokens = Math.Max(1, _maxTokens ?? 96),
                Seed = Math.Clamp(_seed ?? 1, 0, uint.MaxValue),
                Temperature = 0.8f,
            };
            var messages = new[] { new ChatMessage(ChatRole.User, _prompt.Trim()) };
            var result = remote
                ? await new ToolLoop(client, LoopLogger).RunAsync(messages, tools, chat, options, cts.Token)
                : await UseGate.RunOnEngineAsync(ct => new ToolLoop(client, LoopLogger).RunAsync(messages, tools, chat, options, ct), cts.Token);
            _trace = result.Trace;
            _steps.Clear();
            _steps.AddRange(result.Trace.Steps);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _error = "Stopped.";
        }
        catch (BackendException ex)
        {
            Logger.LogWarning("Tool loop trace: {Message}", ex.Message);
            _backendError = ex.Message;
        }
        catch (JsonSchemaException ex)
        {
            _error = $"The engine rejected a tool's schema: {ex.Message}";
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException)
        {
            _error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Tool loop trace: the loop failed");
            _error = "The loop failed unexpectedly; see the server log.";
        }
        finally
        {
            _busy = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    private void Stop() => _cts?.Cancel();

    private bool IsRemote => !string.Equals(_backend, IChatBackends.BuiltInName, StringComparison.OrdinalIgnoreCase);

    private bool IsToolModel => string.Equals(_backend, IChatBackends.ToolModelName, StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }
}
