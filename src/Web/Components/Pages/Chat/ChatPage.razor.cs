using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Web.Components.State;
using Workbench.Web.Rendering;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>
/// Multi-turn chat: messages → <see cref="IInferenceEngine.ApplyChatTemplateAsync"/> →
/// <see cref="IInferenceEngine.GenerateAsync"/>. The stream is consumed on a thread-pool thread into a
/// <see cref="StreamBuffer{T}"/>; a <see cref="RenderThrottle"/> drains it on the circuit at most every
/// <see cref="RenderInterval"/> and re-renders only the streaming message. Every call sends what the chosen
/// <see cref="ChatHistoryMode"/> keeps (<see cref="ChatHistoryPlanner"/>), so a long conversation goes on: older
/// messages leave the prompt (marked "not sent") or are summarized, and the context gauge shows it. Only a single
/// message too long for the window is refused, and it goes back into the input.
/// </summary>
public partial class ChatPage
{
    /// <summary>Minimum time between two re-renders of the streaming reply (~30 per second).</summary>
    public static readonly TimeSpan RenderInterval = TimeSpan.FromMilliseconds(33);

    private readonly List<ChatTurn> _turns = [];
    private ChatTurn? _streamingTurn;
    private ChatMessageView? _streamingView;
    private CancellationTokenSource? _cts;
    private RenderedPrompt? _lastPrompt;
    private string _input = "";
    private string? _pageError;
    private bool _showTokens;
    private bool _disposed;
    private ChatHistoryPlanner _planner = default!;

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private ChatSettings Settings { get; set; } = default!;
    [Inject] private EngineStateMonitor StateMonitor { get; set; } = default!;
    [Inject] private ILogger<ChatPage> Logger { get; set; } = default!;

    private bool IsGenerating => _streamingTurn is not null;
    private int ContextSize => StateMonitor.Model?.ContextSize ?? Engine.Model?.ContextSize ?? 0;

    /// <inheritdoc />
    protected override void OnInitialized() => _planner = new ChatHistoryPlanner(Engine);

    private void OnHistoryModeChanged() => _planner.Reset();
    private bool HasUserTurn => _turns.Any(t => t.Role == "user");

    private async Task OnKeyDownAsync(KeyboardEventArgs e)
    {
        if (e.Key == "Enter" && (e.CtrlKey || e.MetaKey) && !IsGenerating) await SendAsync();
    }

    private async Task SendAsync()
    {
        if (IsGenerating || string.IsNullOrWhiteSpace(_input)) return;
        var user = new ChatTurn("user");
        user.Append(_input.Trim());
        _turns.Add(user);
        _input = "";
        await GenerateReplyAsync();
    }

    private async Task RegenerateAsync()
    {
        CancelCurrent();
        while (_turns.Count > 0 && _turns[^1].Role != "user") _turns.RemoveAt(_turns.Count - 1);
        if (_turns.Count == 0) return;
        await GenerateReplyAsync();
    }

    private void Stop() => _cts?.Cancel();

    private void Clear()
    {
        CancelCurrent();
        _turns.Clear();
        _planner.Reset();
        _lastPrompt = null;
        _pageError = null;
    }

    private void CancelCurrent()
    {
        _cts?.Cancel();
        _streamingTurn = null;
        _streamingView = null;
    }

    private async Task GenerateReplyAsync()
    {
        CancelCurrent();
        _pageError = null;
        var cts = new CancellationTokenSource();
        _cts = cts;
        var reply = new ChatTurn("assistant") { IsStreaming = true, Stats = new() { ContextSize = StateMonitor.Model?.ContextSize } };
        var (history, owners) = BuildHistory();
        _turns.Add(reply);
        _streamingTurn = reply;
        StateHasChanged();

        var buffer = new StreamBuffer<TimedUpdate>();
        var clock = Stopwatch.StartNew();
        using var throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(() => Flush(reply, buffer)));
        try
        {
            var request = Settings.ToRequest("");
            if (ContextSize < 2) throw new NoModelLoadedException();
            var view = await _planner.PlanAsync(history, Settings, ContextSize, cts.Token);
            MarkOmitted(view, history, owners);
            if (!view.Fits)
            {
                GiveBackTooLong(reply, view);
                return;
            }
            var messages = view.Messages.Select(m => m.ToPromptMessage()).ToList();
            var rendered = await Engine.ApplyChatTemplateAsync(messages, Settings.TemplateOrNull, addAssistantPrompt: true, cts.Token);
            _lastPrompt = rendered;
            request = request with { Prompt = rendered.Text };
            reply.Stats = reply.Stats with { PromptTokens = await CountTokensAsync(rendered.Text, cts.Token) };
            await Task.Run(async () =>
            {
                await foreach (var update in Engine.GenerateAsync(request, cts.Token).ConfigureAwait(false))
                {
                    buffer.Add(new TimedUpdate(update, clock.Elapsed));
                    throttle.Request();
                }
            }, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            reply.FinishReason ??= FinishReason.Cancelled;
        }
        catch (EngineException ex)
        {
            reply.Error = ex.Message;
        }
        catch (ArgumentException ex)
        {
            reply.Error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Chat generation failed");
            reply.Error = "Generation failed unexpectedly; see the server log.";
        }
        finally
        {
            throttle.Dispose();
            Flush(reply, buffer);
            reply.IsStreaming = false;
            reply.Touch();
            if (ReferenceEquals(_cts, cts))
            {
                _cts = null;
                _streamingTurn = null;
                _streamingView = null;
            }
            cts.Dispose();
            if (!_disposed) StateHasChanged();
        }
    }

    private async Task<int?> CountTokensAsync(string prompt, CancellationToken cancellationToken)
    {
        try
        {
            return (await Engine.TokenizeAsync(prompt, addSpecial: true, parseSpecial: true, cancellationToken)).Count;
        }
        catch (EngineException)
        {
            return null; // the final update's usage fills it in
        }
    }

    /// <summary>Moves buffered updates into the reply and re-renders the streaming message only.</summary>
    private void Flush(ChatTurn reply, StreamBuffer<TimedUpdate> buffer)
    {
        var updates = buffer.Drain();
        if (updates.Count == 0) return;
        var stats = reply.Stats;
        foreach (var (update, at) in updates)
        {
            reply.Append(update.Text);
            if (update.Token is { } token)
            {
                reply.Tokens.Add(token);
                stats = stats with
                {
                    TimeToFirstToken = stats.TimeToFirstToken ?? at,
                    CompletionTokens = stats.CompletionTokens + 1,
                    TokensPerSecond = stats.TimeToFirstToken is { } first && at > first
                        ? stats.CompletionTokens / (at - first).TotalSeconds
                        : stats.TokensPerSecond,
                };
            }
            if (update.FinishReason is { } reason) reply.FinishReason = reason;
            if (update.Usage is { } usage) stats = stats with { PromptTokens = usage.PromptTokens, CompletionTokens = usage.CompletionTokens };
            if (update.Timings is { } timings)
            {
                stats = stats with
                {
                    TimeToFirstToken = timings.TimeToFirstToken,
                    TokensPerSecond = timings.GenerationTokensPerSecond > 0 ? timings.GenerationTokensPerSecond : stats.TokensPerSecond,
                };
            }
        }
        reply.Stats = stats;
        reply.Touch();
        if (ReferenceEquals(reply, _streamingTurn)) _streamingView?.Refresh();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        CancelCurrent();
        _cts = null;
    }

    private readonly record struct TimedUpdate(GenerationUpdate Update, TimeSpan At);
}
