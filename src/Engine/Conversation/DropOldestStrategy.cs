namespace Workbench.Engine.Conversation;

/// <summary>
/// Sends the whole history while it fits; once it does not, drops the oldest messages (after the system prompt,
/// a tool call together with its results) until the prompt fits the budget (n_ctx minus the reply's reserve).
/// The same mechanics as <see cref="SlidingWindowStrategy.ByTokens"/>, with the largest budget: nothing is dropped
/// before it must be.
/// </summary>
public sealed class DropOldestStrategy : IHistoryStrategy
{
    /// <inheritdoc />
    public string Name => "drop-oldest";

    /// <inheritdoc />
    public string Description => "Drops the oldest messages only when the prompt would not fit the context window.";

    /// <inheritdoc />
    public ValueTask<HistoryView> SelectAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(counter);
        var groups = HistoryGroups.Split(history);
        var candidates = groups.Skip(HistoryGroups.PinnedCount(groups)).ToArray();
        return HistorySelection.KeepNewestAsync(Name, history, candidates, null, tokenBudget, counter, cancellationToken);
    }
}
