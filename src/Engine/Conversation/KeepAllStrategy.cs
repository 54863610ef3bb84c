namespace Workbench.Engine.Conversation;

/// <summary>The baseline: send the whole history every time. The prompt grows each turn until the call no longer
/// fits n_ctx and the API rejects it (<c>context_length_exceeded</c>).</summary>
public sealed class KeepAllStrategy : IHistoryStrategy
{
    /// <inheritdoc />
    public string Name => "keep-all";

    /// <inheritdoc />
    public string Description => "Sends the whole history on every call.";

    /// <inheritdoc />
    public ValueTask<HistoryView> SelectAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(counter);
        var keep = Enumerable.Repeat(true, history.Count).ToArray();
        return HistorySelection.CountedViewAsync(Name, history, keep, null, tokenBudget, counter, cancellationToken);
    }
}
