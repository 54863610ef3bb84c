using Microsoft.AspNetCore.Components;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets;

/// <summary>
/// Widget <c>chat-playground</c>: a multi-turn chat on <see cref="IInferenceEngine"/> that shows, for every call,
/// the whole <c>messages</c> array sent (the model holds no state: the client resends the conversation) and the
/// call's usage, with a running total of prompt tokens. Options: <c>system</c>, <c>max_tokens</c> (default 48).
/// </summary>
public partial class ChatPlayground
{
    private readonly string _id = "playground-" + Guid.NewGuid().ToString("N")[..8];
    private readonly List<PlaygroundCall> _calls = [];
    private CancellationTokenSource? _cts;
    private string _system = "";
    private string _input = "";
    private int? _maxTokens;
    private bool _sending;

    /// <summary>The widget block's options (<c>system</c>, <c>max_tokens</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    /// <summary>The prompt tokens of every call that did not fail, summed.</summary>
    private long CumulativePromptTokens => _calls.Where(c => c.Error is null).Sum(c => (long)(c.Usage?.PromptTokens ?? 0));

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private EngineUseGate UseGate { get; set; } = default!;
    [Inject] private ILogger<ChatPlayground> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _system = WidgetOptions.Text(Options, "system");
        _maxTokens = (int?)WidgetOptions.Number(Options, "max_tokens", 48);
    }

    private async Task SendAsync()
    {
        if (_sending || string.IsNullOrWhiteSpace(_input)) return;
        var messages = new List<PromptMessage>();
        if (!string.IsNullOrWhiteSpace(_system)) messages.Add(new("system", _system));
        foreach (var previous in _calls.Where(c => c.Error is null))
        {
            messages.Add(previous.Messages[^1]);
            messages.Add(new("assistant", previous.Reply));
        }
        messages.Add(new("user", _input.Trim()));
        var call = new PlaygroundCall(_calls.Count + 1, messages);
        _calls.Add(call);
        _input = "";
        _sending = true;
        var cts = _cts = new CancellationTokenSource();
        StateHasChanged();
        try
        {
            var request = new GenerationRequest { Prompt = "", MaxTokens = _maxTokens };
            await UseGate.RunOnEngineAsync(async ct =>
            {
                var rendered = await Engine.ApplyChatTemplateAsync(messages, null, addAssistantPrompt: true, ct);
                var text = new System.Text.StringBuilder();
                await foreach (var update in Engine.GenerateAsync(request with { Prompt = rendered.Text }, ct))
                {
                    text.Append(update.Text);
                    if (update.Usage is { } usage) call.Usage = usage;
                }
                call.Reply = text.ToString().Trim();
                return call.Usage;
            }, cts.Token);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            call.Error = "Cancelled.";
        }
        catch (Exception ex) when (ex is EngineException or ArgumentException)
        {
            call.Error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Chat playground call failed");
            call.Error = "The call failed unexpectedly; see the server log.";
        }
        finally
        {
            _sending = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    private void Reset()
    {
        _cts?.Cancel();
        _calls.Clear();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts = null;
    }

    private sealed class PlaygroundCall(int number, IReadOnlyList<PromptMessage> messages)
    {
        public int Number { get; } = number;
        public IReadOnlyList<PromptMessage> Messages { get; } = messages;
        /// <summary>The messages array as sent (<see cref="WireJson.Messages"/>), written once.</summary>
        public string MessagesJson { get; } = WireJson.Messages(messages);
        public string Reply { get; set; } = "";
        public GenerationUsage? Usage { get; set; }
        public string? Error { get; set; }
    }
}
