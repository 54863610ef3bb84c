namespace Workbench.Engine.Conversation;

/// <summary>What a history strategy sends on the next call, and what it leaves out.</summary>
/// <param name="Strategy">The strategy's <see cref="IHistoryStrategy.Name"/>.</param>
/// <param name="Messages">The messages sent, oldest first (the system prompt first when the history has one; a
/// summary card, if any, right after it).</param>
/// <param name="Omitted">History messages not sent (dropped, or replaced by a summary card), oldest first.</param>
/// <param name="PromptTokens">Prompt tokens of the call (<see cref="PromptTokenCounter.CountAsync"/>).</param>
/// <param name="TokenBudget">The prompt-token budget the strategy was given (n_ctx minus the reply's reserve).</param>
public sealed record HistoryView(
    string Strategy,
    IReadOnlyList<HistoryMessage> Messages,
    IReadOnlyList<HistoryMessage> Omitted,
    int PromptTokens,
    int TokenBudget)
{
    /// <summary>Whether the prompt fits the budget. When false the call will be cut short or rejected
    /// (<c>context_length_exceeded</c>): a strategy never truncates a message to make it fit.</summary>
    public bool Fits => PromptTokens <= TokenBudget;
}
