using Workbench.Engine.Conversation;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>The chat page's side of the history strategy: the conversation as <see cref="HistoryMessage"/>s for
/// <see cref="ChatHistoryPlanner"/>, which turns its view left out, and the one refusal (a message too long alone).</summary>
public partial class ChatPage
{
    /// <summary>The whole conversation as history messages, and the turn each came from (null for the system prompt).</summary>
    private (List<HistoryMessage> History, List<ChatTurn?> Owners) BuildHistory()
    {
        var history = new List<HistoryMessage>();
        var owners = new List<ChatTurn?>();
        if (!string.IsNullOrWhiteSpace(Settings.SystemPrompt))
        {
            history.Add(HistoryMessage.System(Settings.SystemPrompt.Trim()));
            owners.Add(null);
        }
        // A call without a result (its reply was stopped before the calls ran) is not sent: every call sent is
        // followed by its tool message, which HistoryGroups keeps together with it.
        var answered = _turns.Where(t => t.Role == HistoryMessage.ToolRole && t.ToolCallId is not null).Select(t => t.ToolCallId!).ToHashSet(StringComparer.Ordinal);
        foreach (var turn in _turns.Where(t => t.IsSendable))
        {
            var message = turn.ToHistoryMessage();
            if (message.HasToolCalls && message.ToolCalls.Any(c => !answered.Contains(c.Id)))
            {
                message = message with { ToolCalls = [.. message.ToolCalls.Where(c => answered.Contains(c.Id))] };
                if (!message.HasToolCalls && message.Content.Length == 0) continue;
            }
            history.Add(message);
            owners.Add(turn);
        }
        return (history, owners);
    }

    private static void MarkOmitted(HistoryView view, List<HistoryMessage> history, List<ChatTurn?> owners)
    {
        for (var i = 0; i < history.Count; i++)
        {
            if (owners[i] is not { } turn) continue;
            var omitted = view.Omitted.Any(m => ReferenceEquals(m, history[i]));
            if (turn.IsOmitted == omitted) continue;
            turn.IsOmitted = omitted;
            turn.Touch();
        }
    }

    /// <summary>The newest message alone does not fit: no call; the message goes back into the input with the reason.</summary>
    /// <param name="reply">The reply that will not be generated (removed).</param>
    /// <param name="view">The plan that did not fit.</param>
    /// <param name="toolTokens">Tokens the tool definitions take (0 without tools).</param>
    private void GiveBackTooLong(ChatTurn reply, HistoryView view, int toolTokens)
    {
        _turns.Remove(reply);
        var tools = toolTokens > 0 ? $" The tool definitions take {toolTokens} more; offer fewer tools or load a model with a larger window." : "";
        if (_turns.Count > 0 && _turns[^1].Role == "tool")
        {
            _pageError = $"The tool results do not fit the context window: the newest step is {view.PromptTokens} prompt tokens, but n_ctx {ContextSize} leaves {view.TokenBudget}.{tools}";
            return;
        }
        if (_turns.Count > 0 && _turns[^1].Role == "user")
        {
            if (string.IsNullOrWhiteSpace(_input)) _input = _turns[^1].Content;
            _turns.RemoveAt(_turns.Count - 1);
        }
        _pageError = $"This message does not fit the context window: with the system prompt it is {view.PromptTokens} prompt tokens, "
            + $"but n_ctx {ContextSize} leaves {view.TokenBudget} after the {ContextSize - view.TokenBudget} kept for the reply. "
            + "Shorten it, shorten the system prompt, or lower Max tokens." + tools;
    }
}
