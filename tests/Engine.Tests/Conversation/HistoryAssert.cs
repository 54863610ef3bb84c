using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>Invariants every history view must keep.</summary>
public static class HistoryAssert
{
    /// <summary>The system prompt is first; every tool result's call is sent and every call's results are sent;
    /// sent + omitted = the history (the card aside); the newest message is sent.</summary>
    public static void Invariants(IReadOnlyList<HistoryMessage> history, HistoryView view)
    {
        if (history[0].Role == HistoryMessage.SystemRole) Assert.Same(history[0], view.Messages[0]);
        Assert.Same(history[^1], view.Messages[^1]);
        var sent = view.Messages.Where(m => !m.IsSummary).ToList();
        Assert.Equal(history.Count, sent.Count + view.Omitted.Count);
        var callIds = sent.SelectMany(m => m.ToolCalls).Select(c => c.Id).ToHashSet();
        var resultIds = sent.Where(m => m.Role == HistoryMessage.ToolRole).Select(m => m.ToolCallId).ToHashSet();
        Assert.True(callIds.SetEquals(resultIds!), $"calls [{string.Join(", ", callIds)}] vs results [{string.Join(", ", resultIds)}]");
        // Order is the history's order.
        var all = history.ToList();
        var positions = sent.Select(m => all.FindIndex(x => ReferenceEquals(x, m))).ToList();
        Assert.DoesNotContain(-1, positions);
        Assert.Equal(positions.Order(), positions);
    }
}
