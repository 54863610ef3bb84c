using System.Globalization;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>
/// Widget <c>context-gauge</c>: a chat on <see cref="IInferenceEngine"/> that keeps the whole history and shows,
/// for the next call, the prompt tokens used of n_ctx (the per-sequence window), each message's tokens on the
/// templated prompt (<see cref="PromptTokenCounter.AccountAsync"/>: template markup included), and the exact
/// rendered prompt. Before sending it says when the prompt will not fit (rejected with
/// <c>context_length_exceeded</c>) or leaves less room than max_tokens (the reply is cut, finish_reason
/// <c>length</c>); a rejected call shows the API's error and gives the message back.
/// The draft is bound on every keystroke (so Send is enabled as soon as there is text, and Enter sends) and
/// recounted <see cref="RecountDelay"/> after the last one.
/// Options: <c>system</c> (default "You are a friendly storyteller."), <c>max_tokens</c> (default 48), <c>seed</c> (default 1).
/// </summary>
public partial class ContextGauge
{
    /// <summary>How long after the last keystroke the draft's tokens are recounted.</summary>
    public static readonly TimeSpan RecountDelay = TimeSpan.FromMilliseconds(250);

    private readonly string _id = "gauge-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<HistoryMessage> _history = [];
    private CancellationTokenSource? _sendCts, _countCts;
    private PromptAccounting? _accounting;
    private (int Counted, GenerationUsage? Usage, string Finish)? _lastCall;
    private string _draft = "";
    private string _system = "";
    private string? _error;
    private int _maxTokens = 48;
    private uint _seed = 1;
    private bool _sending;

    /// <summary>The widget block's options (<c>system</c>, <c>max_tokens</c>, <c>seed</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<ContextGauge> Logger { get; set; } = default!;

    private int? ContextSize => Engine.Model?.ContextSize;
    private int UsedTokens => _accounting?.TotalTokens ?? 0;

    private string GaugeStyle
    {
        get
        {
            var size = Math.Max(ContextSize ?? 1, 1);
            var percent = Math.Min(100.0, 100.0 * UsedTokens / size);
            var color = UsedTokens > size ? "#b3261e" : UsedTokens + _maxTokens > size ? "#c77700" : "var(--wb-accent)";
            return string.Create(CultureInfo.InvariantCulture, $"width: {percent:0.#}%; background: {color}");
        }
    }

    private (string Text, bool Rejected)? Warning
    {
        get
        {
            if (_accounting is null || ContextSize is not { } size) return null;
            var used = _accounting.TotalTokens;
            if (used > size)
                return ($"The next call's prompt is {used} tokens but n_ctx is {size}: the API will reject it (context_length_exceeded). Start a new conversation, or use a history strategy.", true);
            if (used + _maxTokens > size)
                return ($"The next call's prompt is {used} of {size} tokens: only {size - used} are left for the reply, fewer than max_tokens ({_maxTokens}). The reply will be cut (finish_reason length).", false);
            return null;
        }
    }

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _system = WidgetOptions.Text(Options, "system", HistoryCalls.DefaultSystem);
        _maxTokens = HistoryCalls.MaxTokens(Options, 48);
        _seed = HistoryCalls.Seed(Options);
        StartConversation();
        await RecountAsync();
    }

    private void StartConversation()
    {
        _history.Clear();
        if (!string.IsNullOrWhiteSpace(_system)) _history.Add(HistoryMessage.System(_system));
    }

    private List<HistoryMessage> NextCall() =>
        string.IsNullOrWhiteSpace(_draft) ? [.. _history] : [.. _history, HistoryMessage.User(_draft.Trim())];

    private string TokensOf(int index) =>
        _accounting is { } a && index < a.MessageTokens.Count ? a.MessageTokens[index].ToString(CultureInfo.InvariantCulture) : "…";

    private Task DraftChangedAsync() => RecountAsync(RecountDelay);

    private Task RecountAsync() => RecountAsync(TimeSpan.Zero);

    private async Task RecountAsync(TimeSpan delay)
    {
        _countCts?.Cancel();
        var cts = _countCts = new CancellationTokenSource();
        try
        {
            if (delay > TimeSpan.Zero) await Task.Delay(delay, cts.Token);
            _accounting = await new PromptTokenCounter(Engine).AccountAsync(NextCall(), cts.Token);
            if (!_sending) _error = null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (HistoryCalls.IsExpected(ex))
        {
            _accounting = null;
            _error = HistoryCalls.Describe(ex);
        }
        finally
        {
            if (ReferenceEquals(_countCts, cts)) _countCts = null;
            cts.Dispose();
        }
    }

    private async Task SendAsync()
    {
        if (_sending || string.IsNullOrWhiteSpace(_draft)) return;
        if (_countCts is not null) await RecountAsync(); // sent within RecountDelay of a keystroke: count what is sent
        var text = _draft.Trim();
        var messages = NextCall();
        var counted = _accounting?.TotalTokens ?? 0;
        _history.Add(messages[^1]);
        _draft = "";
        _error = null;
        _sending = true;
        var cts = _sendCts = new CancellationTokenSource();
        StateHasChanged();
        _error = await HistoryCalls.TryRunAsync(UseGate, async ct =>
        {
            var reply = await HistoryCalls.ReplyAsync(Engine, messages, _maxTokens, _seed, ct);
            _history.Add(HistoryMessage.Assistant(reply.Text));
            _lastCall = (counted, reply.Usage, reply.FinishReason?.ToString().ToLowerInvariant() ?? "?");
        }, cts, Logger, "The call failed unexpectedly; see the server log.");
        if (_error is not null)
        {
            _history.RemoveAt(_history.Count - 1); // the user message goes back to the input
            _draft = text;
        }
        _sending = false;
        if (ReferenceEquals(_sendCts, cts)) _sendCts = null;
        cts.Dispose();
        var error = _error;
        await RecountAsync();
        _error ??= error;
    }

    private void Cancel() => _sendCts?.Cancel();

    private async Task ResetAsync()
    {
        if (_sending) return;
        _draft = "";
        _lastCall = null;
        _error = null;
        StartConversation();
        await RecountAsync();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _sendCts?.Cancel();
        _countCts?.Cancel();
    }
}
