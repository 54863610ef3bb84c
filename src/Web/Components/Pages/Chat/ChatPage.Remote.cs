using System.Diagnostics;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.AI;
using Workbench.Engine.Conversation;
using Workbench.Lab.Backends;
using Workbench.Web.Rendering;
using EngineFinishReason = Workbench.Engine.Inference.FinishReason;

namespace Workbench.Web.Components.Pages.Chat;

// A reply from a remote backend (issue 14 §1): the conversation goes to IChatBackends' client for the circuit's
// backend and streams through IChatClient.GetStreamingResponseAsync. The built-in path (ChatPage.razor.cs) is untouched;
// token probabilities, the rendered prompt and tools need the embedded engine and are off while a remote backend is chosen.
public partial class ChatPage
{
    [Inject] private IChatBackends Backends { get; set; } = default!;

    /// <summary>Whether the circuit's backend is a remote (OpenAI-compatible) one.</summary>
    private bool IsRemote => !string.IsNullOrEmpty(Settings.Backend)
        && !string.Equals(Settings.Backend, IChatBackends.BuiltInName, StringComparison.OrdinalIgnoreCase);

    private BackendInfo? RemoteBackend => IsRemote
        ? Backends.List().FirstOrDefault(b => string.Equals(b.Name, Settings.Backend, StringComparison.OrdinalIgnoreCase))
        : null;

    private void OnBackendChanged(string name)
    {
        Settings.Backend = name;
        _pageError = null;
        if (IsRemote) _showTokens = false;
    }

    /// <summary>The conversation as MEAI messages: the system prompt, then every sendable user and assistant text
    /// (tool turns of the built-in path are sent as their text only).</summary>
    private List<ChatMessage> RemoteHistory()
    {
        var messages = new List<ChatMessage>();
        if (!string.IsNullOrWhiteSpace(Settings.SystemPrompt)) messages.Add(new ChatMessage(ChatRole.System, Settings.SystemPrompt.Trim()));
        foreach (var turn in _turns.Where(t => t.IsSendable && t.Content.Length > 0 && t.Role is "user" or "assistant"))
            messages.Add(new ChatMessage(turn.Role == HistoryMessage.UserRole ? ChatRole.User : ChatRole.Assistant, turn.Content));
        return messages;
    }

    private ChatOptions RemoteOptions()
    {
        var stops = Settings.StopStrings();
        return new ChatOptions
        {
            Temperature = Settings.Temperature,
            TopP = Settings.TopP,
            MaxOutputTokens = Settings.MaxTokens,
            Seed = Settings.Seed,
            PresencePenalty = Settings.PresencePenalty == 0 ? null : Settings.PresencePenalty,
            FrequencyPenalty = Settings.FrequencyPenalty == 0 ? null : Settings.FrequencyPenalty,
            StopSequences = stops.Count == 0 ? null : [.. stops],
        };
    }

    /// <summary>One streamed reply from the remote backend. A <see cref="BackendException"/> (down, slow, garbage,
    /// an HTTP error) becomes the reply's error; what streamed before it stays.</summary>
    private async Task RunRemoteStepAsync(CancellationTokenSource cts)
    {
        var reply = new ChatTurn("assistant") { IsStreaming = true, Stats = new() { ContextSize = RemoteBackend?.ContextWindow } };
        var history = RemoteHistory();
        _turns.Add(reply);
        _streamingTurn = reply;
        _lastPrompt = null;
        StateHasChanged();

        var buffer = new StreamBuffer<TimedChatUpdate>();
        var clock = Stopwatch.StartNew();
        using var throttle = new RenderThrottle(RenderInterval, () => InvokeAsync(() => FlushRemote(reply, buffer)));
        try
        {
            var options = RemoteOptions();
            using var client = Backends.GetChatClient(Settings.Backend);
            await Task.Run(async () =>
            {
                await foreach (var update in client.GetStreamingResponseAsync(history, options, cts.Token).ConfigureAwait(false))
                {
                    buffer.Add(new TimedChatUpdate(update, clock.Elapsed));
                    throttle.Request();
                }
            }, CancellationToken.None);
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            reply.FinishReason ??= EngineFinishReason.Cancelled;
            reply.WireFinishReason = null;
        }
        catch (BackendException ex)
        {
            Logger.LogWarning("Chat: {Message}", ex.Message);
            reply.Error = ex.Message;
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "Chat on a remote backend failed");
            reply.Error = "The backend call failed unexpectedly; see the server log.";
        }
        finally
        {
            throttle.Dispose();
            FlushRemote(reply, buffer);
            EndStreaming(reply);
        }
    }

    /// <summary>Moves buffered updates into the reply: text deltas, the finish reason and usage when the server sends it.</summary>
    private void FlushRemote(ChatTurn reply, StreamBuffer<TimedChatUpdate> buffer)
    {
        var updates = buffer.Drain();
        if (updates.Count == 0) return;
        var stats = reply.Stats;
        foreach (var (update, at) in updates)
        {
            var text = update.Text;
            if (text.Length > 0)
            {
                reply.Append(text);
                stats = stats with { TimeToFirstToken = stats.TimeToFirstToken ?? at };
            }
            if (update.FinishReason is { } reason)
            {
                reply.WireFinishReason = reason.Value;
                reply.FinishReason = reason == ChatFinishReason.Length ? EngineFinishReason.Length : EngineFinishReason.Stop;
            }
            foreach (var usage in update.Contents.OfType<UsageContent>())
            {
                stats = stats with
                {
                    PromptTokens = (int?)usage.Details.InputTokenCount ?? stats.PromptTokens,
                    CompletionTokens = (int?)usage.Details.OutputTokenCount ?? stats.CompletionTokens,
                };
                if (stats.TimeToFirstToken is { } first && at > first && stats.CompletionTokens > 1)
                    stats = stats with { TokensPerSecond = (stats.CompletionTokens - 1) / (at - first).TotalSeconds };
            }
        }
        reply.Stats = stats;
        reply.Touch();
        if (ReferenceEquals(reply, _streamingTurn)) _streamingView?.Refresh();
    }

    private readonly record struct TimedChatUpdate(ChatResponseUpdate Update, TimeSpan At);
}
