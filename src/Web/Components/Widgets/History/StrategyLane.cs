using Workbench.Engine.Conversation;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>One strategy's column in the comparison: its last view and its cumulative prompt-token cost per turn.</summary>
/// <param name="strategy">The strategy (one instance per conversation).</param>
public sealed class StrategyLane(IHistoryStrategy strategy)
{
    private readonly List<long> _cumulative = [];

    /// <summary>The strategy.</summary>
    public IHistoryStrategy Strategy { get; } = strategy;

    /// <summary>What it sent (or would have sent) on the last turn; null before the first.</summary>
    public HistoryView? LastView { get; private set; }

    /// <summary>Cumulative prompt tokens after each turn (index 0 = turn 1).</summary>
    public IReadOnlyList<long> Cumulative => _cumulative;

    /// <summary>The first turn (1-based) whose prompt did not fit, or null.</summary>
    public int? FirstOverflowTurn { get; private set; }

    /// <summary>Records a turn's view: its prompt tokens are added to the running total.</summary>
    /// <param name="view">The view of the turn.</param>
    public void Record(HistoryView view)
    {
        LastView = view;
        _cumulative.Add((_cumulative.Count > 0 ? _cumulative[^1] : 0) + view.PromptTokens);
        if (!view.Fits) FirstOverflowTurn ??= _cumulative.Count;
    }
}
