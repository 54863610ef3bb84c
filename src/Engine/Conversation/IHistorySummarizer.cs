namespace Workbench.Engine.Conversation;

/// <summary>Writes the summary that replaces older turns (<see cref="SummarizeAndCompactStrategy"/>).</summary>
public interface IHistorySummarizer
{
    /// <summary>Summarizes <paramref name="messages"/>, folding in <paramref name="previousSummary"/>.</summary>
    /// <param name="previousSummary">The summary those messages followed (it covers still older turns), or null.</param>
    /// <param name="messages">The messages to summarize, oldest first (never the system prompt).</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The new summary text (covers the previous summary and the messages).</returns>
    Task<string> SummarizeAsync(string? previousSummary, IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken);
}
