namespace Workbench.Engine.Conversation;

/// <summary>The shared mechanics of the strategies: keep the newest groups that fit a budget, and build a view.</summary>
internal static class HistorySelection
{
    /// <summary>
    /// Keeps the system prompt (when the history has one), the optional summary card, and the newest of
    /// <paramref name="candidates"/> that fit <paramref name="budget"/>, walking from the newest group back and
    /// stopping at the first that does not fit (the window stays contiguous). The newest group is always kept, even
    /// alone over the budget: the view then reports that it does not fit.
    /// </summary>
    public static async ValueTask<HistoryView> KeepNewestAsync(
        string strategy, IReadOnlyList<HistoryMessage> history, IReadOnlyList<HistoryGroup> candidates, HistoryMessage? card,
        int budget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        var keep = PinnedMask(history);
        var tokens = await counter.CountAsync(Compose(history, keep, card), cancellationToken);
        for (var g = candidates.Count - 1; g >= 0; g--)
        {
            var group = candidates[g];
            Mark(keep, group, true);
            var trial = await counter.CountAsync(Compose(history, keep, card), cancellationToken);
            if (trial > budget && g < candidates.Count - 1)
            {
                Mark(keep, group, false);
                break;
            }
            tokens = trial;
        }
        return Build(strategy, history, keep, card, tokens, budget);
    }

    /// <summary>A view that sends the messages marked in <paramref name="keep"/> (and the card), counted.</summary>
    public static async ValueTask<HistoryView> CountedViewAsync(
        string strategy, IReadOnlyList<HistoryMessage> history, bool[] keep, HistoryMessage? card,
        int budget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        var tokens = await counter.CountAsync(Compose(history, keep, card), cancellationToken);
        return Build(strategy, history, keep, card, tokens, budget);
    }

    /// <summary>A mask that keeps only the leading system prompt (if any).</summary>
    public static bool[] PinnedMask(IReadOnlyList<HistoryMessage> history)
    {
        var keep = new bool[history.Count];
        if (history.Count > 0 && history[0].Role == HistoryMessage.SystemRole && !history[0].IsSummary) keep[0] = true;
        return keep;
    }

    /// <summary>Sets <paramref name="value"/> for every message of <paramref name="group"/>.</summary>
    public static void Mark(bool[] keep, HistoryGroup group, bool value)
    {
        for (var i = group.Start; i < group.End; i++) keep[i] = value;
    }

    /// <summary>The messages sent: the kept ones in order, with the card right after the system prompt.</summary>
    public static List<HistoryMessage> Compose(IReadOnlyList<HistoryMessage> history, bool[] keep, HistoryMessage? card)
    {
        var messages = new List<HistoryMessage>(history.Count + 1);
        var pinned = history.Count > 0 && keep[0] && history[0].Role == HistoryMessage.SystemRole;
        if (pinned) messages.Add(history[0]);
        if (card is not null) messages.Add(card);
        for (var i = pinned ? 1 : 0; i < history.Count; i++)
        {
            if (keep[i]) messages.Add(history[i]);
        }
        return messages;
    }

    private static HistoryView Build(string strategy, IReadOnlyList<HistoryMessage> history, bool[] keep, HistoryMessage? card, int tokens, int budget)
    {
        var omitted = history.Where((_, i) => !keep[i]).ToArray();
        return new HistoryView(strategy, Compose(history, keep, card), omitted, tokens, budget);
    }
}
