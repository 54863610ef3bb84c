using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>
/// Widget <c>history-strategies</c>: one conversation, and every history strategy applied to it side by side —
/// keep-all, drop-oldest, sliding window by turns and by tokens, summarize-and-compact (automatic at a threshold and
/// "Compact now"; the summary card is shown and the full history kept). For each turn it shows what each strategy
/// sends, whether it fits the budget (n_ctx − max_tokens), and the cumulative prompt tokens as a table and a chart.
/// Replies are generated from the chosen strategy's view; the others show what they would have sent.
/// Options: <c>system</c>, <c>max_tokens</c> (default 32), <c>seed</c> (default 1), <c>strategy</c> (the one that
/// replies, default <c>drop-oldest</c>), and <see cref="HistoryStrategySettings"/>'s <c>window_turns</c>,
/// <c>window_tokens</c>, <c>threshold</c>, <c>keep_turns</c>.
/// </summary>
public partial class HistoryStrategies
{
    private readonly string _id = "strategies-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<HistoryMessage> _history = [];
    private List<StrategyLane> _lanes = [];
    private CancellationTokenSource? _cts;
    private string _system = "";
    private string _draft = "";
    private string _active = "drop-oldest";
    private string? _error;
    private string _busyText = "";
    private int _maxTokens = 32, _settingsTurns, _settingsTokens, _settingsThreshold, _keepTurns, _turns, _toolCalls;
    private uint _seed = 1;
    private bool _busy;

    /// <summary>The widget block's options (see the class summary).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<HistoryStrategies> Logger { get; set; } = default!;

    private int? ContextSize => Engine.Model?.ContextSize;
    private int Budget => Math.Max(1, (ContextSize ?? 0) - _maxTokens);
    private bool Started => _turns > 0 || _history.Any(m => m.Role != HistoryMessage.SystemRole);
    private SummarizeAndCompactStrategy? Summarizer => _lanes.Select(l => l.Strategy).OfType<SummarizeAndCompactStrategy>().FirstOrDefault();

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        var settings = HistoryStrategySettings.FromOptions(Options);
        (_settingsTurns, _settingsTokens, _settingsThreshold, _keepTurns) = (settings.WindowTurns, settings.WindowTokens, settings.ThresholdPercent, settings.KeepRecentTurns);
        _system = WidgetOptions.Text(Options, "system", HistoryCalls.DefaultSystem);
        _maxTokens = HistoryCalls.MaxTokens(Options, 32);
        _seed = HistoryCalls.Seed(Options);
        _active = WidgetOptions.Text(Options, "strategy", "drop-oldest");
        Reset();
        if (_lanes.All(l => l.Strategy.Name != _active)) _active = "drop-oldest";
    }

    private void Reset()
    {
        _cts?.Cancel();
        _history.Clear();
        if (!string.IsNullOrWhiteSpace(_system)) _history.Add(HistoryMessage.System(_system));
        _turns = 0;
        _error = null;
        _lanes = [.. new HistoryStrategySettings(_settingsTurns, _settingsTokens, _settingsThreshold, _keepTurns).CreateStrategies(Engine).Select(s => new StrategyLane(s))];
    }

    private async Task SendAsync()
    {
        if (_busy || string.IsNullOrWhiteSpace(_draft)) return;
        var text = _draft.Trim();
        var turn = new List<HistoryMessage>(_history) { HistoryMessage.User(text) };
        _draft = "";
        await RunAsync("Generating", async ct =>
        {
            var counter = new PromptTokenCounter(Engine);
            var views = new List<HistoryView>(_lanes.Count);
            foreach (var lane in _lanes)
            {
                _busyText = $"Applying {lane.Strategy.Name}";
                await InvokeAsync(StateHasChanged);
                views.Add(await lane.Strategy.SelectAsync(turn, Budget, counter, ct));
            }
            var active = views[_lanes.FindIndex(l => l.Strategy.Name == _active)];
            _busyText = "Generating";
            await InvokeAsync(StateHasChanged);
            var reply = await HistoryCalls.ReplyAsync(Engine, active.Messages, _maxTokens, _seed, ct);
            for (var i = 0; i < _lanes.Count; i++) _lanes[i].Record(views[i]);
            _history.Add(turn[^1]);
            _history.Add(HistoryMessage.Assistant(reply.Text));
            _turns++;
        }, () => _draft = text);
    }

    private async Task CompactNowAsync()
    {
        if (Summarizer is not { } summarizer) return;
        await RunAsync("Summarizing", async ct =>
        {
            if (!await summarizer.CompactAsync(_history, ct))
                _error = "Nothing to compact yet: the summary already covers every turn but the newest.";
        }, () => { });
    }

    private void AddToolCall()
    {
        _toolCalls++;
        var id = "call_" + _toolCalls.ToString(CultureInfo.InvariantCulture);
        _history.Add(HistoryMessage.AssistantToolCalls(new ToolCall(id, "get_weather", "{\"city\": \"Paris\"}")));
        _history.Add(HistoryMessage.Tool(id, "{\"city\": \"Paris\", \"sky\": \"sunny\", \"celsius\": 21}"));
    }

    private async Task RunAsync(string what, Func<CancellationToken, Task> work, Action rollback)
    {
        _busy = true;
        _busyText = what;
        _error = null;
        var cts = _cts = new CancellationTokenSource();
        StateHasChanged();
        if (await HistoryCalls.TryRunAsync(UseGate, work, cts, Logger, "The call failed unexpectedly; see the server log.") is { } failure)
        {
            rollback();
            _error = failure;
        }
        _busy = false;
        if (ReferenceEquals(_cts, cts)) _cts = null;
        cts.Dispose();
    }

    private void Cancel() => _cts?.Cancel();

    private List<string> OmittedBy(HistoryMessage message) =>
        [.. _lanes.Where(l => l.LastView?.Omitted.Any(m => ReferenceEquals(m, message)) == true).Select(l => l.Strategy.Name)];

    private static string Display(HistoryMessage message) => message.HasToolCalls ? message.ToPromptMessage().Content : message.Content;

    private static string Transcript(IReadOnlyList<HistoryMessage> messages)
    {
        var text = new StringBuilder();
        foreach (var message in messages)
        {
            text.Append(message.IsSummary ? "system (summary card)" : message.Role).Append(": ").Append(message.ToPromptMessage().Content).Append('\n');
        }
        return text.ToString().TrimEnd();
    }

    private static IEnumerable<CostPoint> Points(StrategyLane lane) =>
        lane.Cumulative.Select((tokens, i) => new CostPoint((i + 1).ToString(CultureInfo.InvariantCulture), tokens));

    /// <inheritdoc />
    public void Dispose() => _cts?.Cancel();
}
