namespace Workbench.Engine.Conversation;

/// <summary>
/// Chooses which messages of a chat history the next call sends. A chat model keeps no state: the client resends
/// the conversation on every call, so the prompt (and its cost) grows with every turn until it no longer fits the
/// context window (n_ctx). Every strategy keeps the leading system prompt and never separates a tool call from its
/// result (<see cref="HistoryGroups"/>); none truncates a message.
/// </summary>
public interface IHistoryStrategy
{
    /// <summary>A short stable name, for example <c>drop-oldest</c>.</summary>
    string Name { get; }

    /// <summary>One sentence on what the strategy does, with its settings.</summary>
    string Description { get; }

    /// <summary>Chooses the messages of the next call.</summary>
    /// <param name="history">The full history, oldest first, ending with the newest user (or tool) message.</param>
    /// <param name="tokenBudget">Prompt tokens the call may use: n_ctx minus the tokens reserved for the reply.</param>
    /// <param name="counter">Counts prompt tokens with the model's tokenizer on the templated prompt.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The view; <see cref="HistoryView.Fits"/> is false when even the smallest choice the strategy allows
    /// exceeds the budget (for example one over-long newest message).</returns>
    ValueTask<HistoryView> SelectAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken);
}
