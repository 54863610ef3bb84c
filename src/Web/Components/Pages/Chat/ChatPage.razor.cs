using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools.Builtin;
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
/// message too long for the window is refused, and it goes back into the input. With tools chosen in the Tools panel
/// (<see cref="ChatToolSelection"/>), a send is a bounded tool turn (<c>ChatPage.Tools.cs</c>, <see cref="ChatToolRunner"/>).
/// With a remote backend chosen (<see cref="ChatSettings.Backend"/>) a send streams from its <c>IChatClient</c> instead
/// (<c>ChatPage.Remote.cs</c>).
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
    [Inject] private IServiceProvider Services { get; set; } = default!;

    private bool IsGenerating => _cts is not null;
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
        _cts = null;
        _streamingTurn = null;
        _streamingView = null;
    }

    private async Task GenerateReplyAsync()
    {
        CancelCurrent();
        _pageError = null;
        var cts = new CancellationTokenSource();
        _cts = cts;
        try
        {
            if (IsRemote)
            {
                await RunRemoteStepAsync(cts);
                return;
            }
            ChatToolRunner? runner;
            try
            {
                runner = ChatToolRunner.Create(_toolSelection, Services.GetService<BuiltinTools>(), Services.GetService<IMcpServerRegistry>(), Logger);
            }
            catch (Exception ex) when (ex is ArgumentException or McpServerNotFoundException)
            {
                _pageError = ex.Message;
                return;
            }
            if (runner is null)
            {
                await RunStepAsync(null, 1, cts);
                return;
            }
            await RunToolTurnAsync(runner, cts);
        }
        finally
        {
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

    /// <summary>One model call: plan the history, render (with the runner's tools when given), stream the reply.
    /// With a runner the reply is constrained and parsed by step <paramref name="step"/>'s <see cref="ToolCallSession"/>:
    /// its content streams as text and its parsed calls land in <see cref="ChatTurn.ToolCalls"/>.</summary>
    /// <returns>The reply, or null when the prompt did not fit (the reply was removed and the reason shown).</returns>
    private async Task<ChatTurn?> RunStepAsync(ChatToolRunner? runner, int step, CancellationTokenSource cts)
    {
        var reply = new ChatTurn("assistant") { IsStreaming = true, Stats = new() { ContextSize = StateMonitor.Model?.ContextSize } };
        var (history, owners) = BuildHistory();
        _turns.Add(reply);
        _streamingTurn = reply;
        StateHasChanged();

        ToolCallSession? session = null;
        var buffer = new StreamBuffer<TimedUpdate>();
        var clock = Stopwatch.StartNew();
        using var throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(() => Flush(reply, buffer, session)));
        try
        {
            var request = Settings.ToRequest("");
            if (ContextSize < 2) throw new NoModelLoadedException();
            var toolTokens = runner is null ? 0
                : await runner.MeasureToolTokensAsync(Engine, [.. history.Take(1).Select(ChatToolRunner.ToPromptMessage)], Settings.TemplateOrNull, cts.Token);
            var view = await _planner.PlanAsync(history, Settings, ContextSize, toolTokens, cts.Token);
            MarkOmitted(view, history, owners);
            if (!view.Fits)
            {
                GiveBackTooLong(reply, view, toolTokens);
                return null;
            }
            RenderedPrompt rendered;
            if (runner is null)
            {
                var messages = view.Messages.Select(m => m.ToPromptMessage()).ToList();
                rendered = await Engine.ApplyChatTemplateAsync(messages, Settings.TemplateOrNull, addAssistantPrompt: true, cts.Token);
            }
            else
            {
                rendered = await Engine.RenderChatAsync(new ChatRenderRequest
                {
                    Messages = [.. view.Messages.Select(ChatToolRunner.ToPromptMessage)],
                    Tools = runner.Definitions,
                    TemplateName = Settings.TemplateOrNull,
                }, cts.Token);
                session = runner.CreateSession(step, rendered.ToolCallFormat);
                request = request with { Sampling = session.ApplyTo(request.Sampling) };
            }
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
        catch (JsonSchemaException ex)
        {
            reply.Error = $"A tool's parameters schema cannot be turned into a grammar: {ex.Message}";
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Chat generation failed");
            reply.Error = "Generation failed unexpectedly; see the server log.";
        }
        finally
        {
            throttle.Dispose();
            Flush(reply, buffer, session);
            if (session is not null) ApplyToolEvents(reply, session.Complete());
            EndStreaming(reply);
        }
        return reply;
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
    /// <param name="reply">The streaming reply.</param>
    /// <param name="buffer">The updates not yet shown.</param>
    /// <param name="session">The step's tool-call session (text goes through its parser), or null without tools.</param>
    private void Flush(ChatTurn reply, StreamBuffer<TimedUpdate> buffer, ToolCallSession? session)
    {
        var updates = buffer.Drain();
        if (updates.Count == 0) return;
        var stats = reply.Stats;
        foreach (var (update, at) in updates)
        {
            if (session is null) reply.Append(update.Text);
            else ApplyToolEvents(reply, session.Push(update.Text));
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
    }

    private readonly record struct TimedUpdate(GenerationUpdate Update, TimeSpan At);

    // The reply stops streaming: it becomes a finished turn and the page re-renders.
    private void EndStreaming(ChatTurn reply)
    {
        reply.IsStreaming = false;
        reply.Touch();
        if (ReferenceEquals(_streamingTurn, reply))
        {
            _streamingTurn = null;
            _streamingView = null;
        }
        if (!_disposed) StateHasChanged();
    }
}
