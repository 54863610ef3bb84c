using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>A summarizer that records its inputs and answers "summary N" (the mechanics of compaction are tested
/// with it; <see cref="EngineHistorySummarizer"/> is tested on the real model).</summary>
public sealed class RecordingSummarizer : IHistorySummarizer
{
    /// <summary>Each call's previous summary and messages.</summary>
    public List<(string? Previous, IReadOnlyList<HistoryMessage> Messages)> Calls { get; } = [];

    public Task<string> SummarizeAsync(string? previousSummary, IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken)
    {
        Calls.Add((previousSummary, messages));
        return Task.FromResult($"summary {Calls.Count}");
    }
}
