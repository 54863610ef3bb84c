namespace Workbench.Engine.Conversation;

/// <summary>
/// Messages that a history strategy keeps or drops together: a single message, or an assistant message with tool
/// calls followed by the <c>tool</c> messages that answer them (a call without its result, or a result without its
/// call, is an invalid request for every chat API).
/// </summary>
/// <param name="Start">Index of the first message in the history.</param>
/// <param name="Messages">The messages, in history order (at least one).</param>
public sealed record HistoryGroup(int Start, IReadOnlyList<HistoryMessage> Messages)
{
    /// <summary>Index one past the last message in the history.</summary>
    public int End => Start + Messages.Count;

    /// <summary>Whether the group is the leading system prompt (strategies always keep it).</summary>
    public bool IsSystemPrompt => Messages[0].Role == HistoryMessage.SystemRole && !Messages[0].IsSummary;

    /// <summary>Whether the group opens a turn (it is a <c>user</c> message).</summary>
    public bool StartsTurn => Messages[0].Role == HistoryMessage.UserRole;
}
