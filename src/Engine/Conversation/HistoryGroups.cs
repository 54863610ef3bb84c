namespace Workbench.Engine.Conversation;

/// <summary>Splits a history into the units strategies keep or drop (<see cref="HistoryGroup"/>) and into turns.</summary>
public static class HistoryGroups
{
    /// <summary>Groups <paramref name="history"/>: each assistant message with tool calls takes every directly
    /// following <c>tool</c> message into its group; every other message is a group of its own.</summary>
    /// <param name="history">The history, oldest first.</param>
    /// <returns>Groups in order; concatenated they give <paramref name="history"/> back.</returns>
    public static IReadOnlyList<HistoryGroup> Split(IReadOnlyList<HistoryMessage> history)
    {
        ArgumentNullException.ThrowIfNull(history);
        var groups = new List<HistoryGroup>();
        for (var i = 0; i < history.Count;)
        {
            var end = i + 1;
            if (history[i].HasToolCalls)
            {
                while (end < history.Count && history[end].Role == HistoryMessage.ToolRole) end++;
            }
            groups.Add(new HistoryGroup(i, history.Skip(i).Take(end - i).ToArray()));
            i = end;
        }
        return groups;
    }

    /// <summary>The leading system prompt's group count: 1 when the history starts with a (non-summary) system
    /// message, else 0. Strategies keep it whatever the budget.</summary>
    /// <param name="groups">Groups from <see cref="Split"/>.</param>
    public static int PinnedCount(IReadOnlyList<HistoryGroup> groups) => groups.Count > 0 && groups[0].IsSystemPrompt ? 1 : 0;

    /// <summary>Splits the groups after the system prompt into turns: a turn starts at a <c>user</c> message and
    /// runs to the next one (the reply, tool calls and their results belong to it). Groups before the first
    /// <c>user</c> message form a turn of their own.</summary>
    /// <param name="groups">Groups from <see cref="Split"/>.</param>
    public static IReadOnlyList<IReadOnlyList<HistoryGroup>> Turns(IReadOnlyList<HistoryGroup> groups)
    {
        var turns = new List<IReadOnlyList<HistoryGroup>>();
        List<HistoryGroup>? current = null;
        foreach (var group in groups.Skip(PinnedCount(groups)))
        {
            if (current is null || group.StartsTurn)
            {
                current = [];
                turns.Add(current);
            }
            current.Add(group);
        }
        return turns;
    }
}
