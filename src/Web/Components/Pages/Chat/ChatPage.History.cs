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
        foreach (var turn in _turns.Where(t => t.Error is null && t.Content.Length > 0))
        {
            history.Add(new HistoryMessage(turn.Role, turn.Content));
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
    private void GiveBackTooLong(ChatTurn reply, HistoryView view)
    {
        _turns.Remove(reply);
        if (_turns.Count > 0 && _turns[^1].Role == "user")
        {
            if (string.IsNullOrWhiteSpace(_input)) _input = _turns[^1].Content;
            _turns.RemoveAt(_turns.Count - 1);
        }
        _pageError = $"This message does not fit the context window: with the system prompt it is {view.PromptTokens} prompt tokens, "
            + $"but n_ctx {ContextSize} leaves {view.TokenBudget} after the {ContextSize - view.TokenBudget} kept for the reply. "
            + "Shorten it, shorten the system prompt, or lower Max tokens.";
    }
}
