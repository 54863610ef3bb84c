using Microsoft.AspNetCore.Components;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>
/// Widget <c>forgetting-demo</c>: states a fact in the first user message, chats on for some turns (replies
/// generated from drop-oldest's view, so the shared conversation never overflows), then asks for the fact and lets
/// every strategy answer from its own view of that same conversation. Per strategy: whether the fact was still in
/// the prompt (verbatim, or only in the summary card), the prompt tokens, the answer, and whether it names the
/// expected answer. Keep-all overflowing shows the API's <c>context_length_exceeded</c> in its own row; the
/// summarize strategy follows the conversation turn by turn (compacting at its threshold) as it would in a chat.
/// Options: <c>system</c>, <c>fact</c> (default "My cat is called Tom."), <c>question</c> (default "What is my cat
/// called?"), <c>answer</c> (default "Tom"), <c>filler_turns</c> (turns between, 0–40, default 8), <c>max_tokens</c>
/// (default 24), <c>seed</c> (default 1), and <see cref="HistoryStrategySettings"/>'s options.
/// </summary>
public partial class ForgettingDemo
{
    private static readonly string[] Fillers =
    [
        "Tell me a story about a dog.", "What did the little bird sing?", "Tell me about a big red ball.",
        "Where did the fox go?", "Tell me a story about the sea.", "What did the boy find in the park?",
        "Tell me about a happy frog.", "What did mom cook for dinner?",
    ];

    private readonly string _id = "forgetting-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<HistoryMessage> _history = [];
    private readonly List<ForgettingResult> _results = [];
    private CancellationTokenSource? _cts;
    private HistoryStrategySettings _settings = new();
    private string _system = "", _fact = "", _question = "", _answer = "", _progress = "";
    private string? _error;
    private int _fillerTurns, _maxTokens;
    private uint _seed;
    private bool _running;

    /// <summary>The widget block's options (see the class summary).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<ForgettingDemo> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _settings = HistoryStrategySettings.FromOptions(Options);
        _system = WidgetOptions.Text(Options, "system", HistoryCalls.DefaultSystem);
        _fact = WidgetOptions.Text(Options, "fact", "My cat is called Tom.");
        _question = WidgetOptions.Text(Options, "question", "What is my cat called?");
        _answer = WidgetOptions.Text(Options, "answer", "Tom");
        _fillerTurns = (int)Math.Clamp(WidgetOptions.Number(Options, "filler_turns", 8) ?? 8, 0, 40);
        _maxTokens = HistoryCalls.MaxTokens(Options, 24);
        _seed = HistoryCalls.Seed(Options);
    }

    private async Task RunAsync()
    {
        if (_running || string.IsNullOrWhiteSpace(_fact) || string.IsNullOrWhiteSpace(_question)) return;
        _running = true;
        _error = null;
        _results.Clear();
        _history.Clear();
        var cts = _cts = new CancellationTokenSource();
        _error = await HistoryCalls.TryRunAsync(UseGate, DemoAsync, cts, Logger, "The demo failed unexpectedly; see the server log.");
        _running = false;
        if (ReferenceEquals(_cts, cts)) _cts = null;
        cts.Dispose();
    }

    private async Task DemoAsync(CancellationToken ct)
    {
        var budget = Math.Max(1, (Engine.Model?.ContextSize ?? 0) - _maxTokens);
        var counter = new PromptTokenCounter(Engine);
        var chat = new DropOldestStrategy();
        var strategies = _settings.CreateStrategies(Engine);
        if (!string.IsNullOrWhiteSpace(_system)) _history.Add(HistoryMessage.System(_system));
        var users = new[] { _fact.Trim() }.Concat(Enumerable.Range(0, _fillerTurns).Select(i => Fillers[i % Fillers.Length])).ToArray();
        for (var i = 0; i < users.Length; i++)
        {
            await ProgressAsync($"Turn {i + 1} of {users.Length + 1}");
            _history.Add(HistoryMessage.User(users[i]));
            // A stateful strategy (summarize) must see the conversation grow, as in a real chat: it compacts when
            // the prompt reaches its threshold, a few turns at a time, not the whole conversation at the end.
            foreach (var strategy in strategies.OfType<SummarizeAndCompactStrategy>()) await TrySelectAsync(strategy, budget, counter, ct);
            var view = await chat.SelectAsync(_history, budget, counter, ct);
            var reply = await HistoryCalls.ReplyAsync(Engine, view.Messages, _maxTokens, _seed, ct);
            _history.Add(HistoryMessage.Assistant(reply.Text));
        }
        _history.Add(HistoryMessage.User(_question.Trim()));
        var factMessage = _history.First(m => m.Role == HistoryMessage.UserRole);
        foreach (var strategy in strategies)
        {
            await ProgressAsync($"Asking with {strategy.Name}");
            var (view, error) = await TrySelectAsync(strategy, budget, counter, ct);
            var factSent = view?.Messages.Any(m => ReferenceEquals(m, factMessage)) ?? false;
            var inSummary = view?.Messages.Any(m => m.IsSummary && Names(m.Content)) ?? false;
            string? answer = null;
            if (view is not null)
            {
                try
                {
                    answer = (await HistoryCalls.ReplyAsync(Engine, view.Messages, _maxTokens, _seed, ct)).Text;
                }
                catch (Exception e) when (HistoryCalls.IsExpected(e))
                {
                    error = HistoryCalls.Describe(e);
                }
            }
            _results.Add(new ForgettingResult(strategy.Name, factSent, inSummary, view?.PromptTokens, answer, error, answer is not null && Names(answer)));
        }
    }

    /// <summary>A strategy's view of the conversation, or why it could not make one (for example the summarizing
    /// call's own prompt over the window): one strategy's failure is its row, not the end of the demo.</summary>
    private async Task<(HistoryView? View, string? Error)> TrySelectAsync(IHistoryStrategy strategy, int budget, PromptTokenCounter counter, CancellationToken ct)
    {
        try
        {
            return (await strategy.SelectAsync(_history, budget, counter, ct), null);
        }
        catch (Exception e) when (HistoryCalls.IsExpected(e))
        {
            return (null, HistoryCalls.Describe(e));
        }
    }

    // "Done" only when every strategy answered; a cancelled or failed run says so beside its error.
    private string State => _running ? _progress
        : _error is "Cancelled." ? "Cancelled"
        : _error is not null ? "Failed"
        : _results.Count > 0 ? "Done" : "Idle";

    private bool Names(string text) => !string.IsNullOrWhiteSpace(_answer) && text.Contains(_answer.Trim(), StringComparison.OrdinalIgnoreCase);

    private async Task ProgressAsync(string text)
    {
        _progress = text;
        await InvokeAsync(StateHasChanged);
    }

    private void Cancel() => _cts?.Cancel();

    /// <inheritdoc />
    public void Dispose() => _cts?.Cancel();
}
