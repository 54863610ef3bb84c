using System.Globalization;

namespace Workbench.Engine.Conversation;

/// <summary>
/// Summarize-and-compact: older turns are replaced by an LLM-written summary card (a system message after the
/// system prompt); the newest turns stay verbatim. Compaction runs when the prompt reaches
/// <see cref="ThresholdPercent"/> of the budget (automatic) or when <see cref="CompactAsync"/> is called ("compact
/// now"). The full history is never changed: the strategy only remembers how much of it the summary covers.
/// If the prompt still does not fit after compacting, the oldest uncompacted messages are dropped as
/// <see cref="DropOldestStrategy"/> does (they appear in <see cref="HistoryView.Omitted"/>).
/// </summary>
/// <remarks>Stateful: use one instance per conversation. Not thread-safe. A history that does not continue the
/// summarized one (shorter than what the summary covers, or with no user message where the verbatim turns began)
/// forgets the summary, as <see cref="Reset"/> does.</remarks>
/// <param name="summarizer">Writes the summaries (normally <see cref="EngineHistorySummarizer"/>).</param>
/// <param name="thresholdPercent">Compact automatically when the prompt reaches this share of the budget, 1–100
/// (default 75); 100 compacts only when the prompt no longer fits.</param>
/// <param name="keepRecentTurns">Newest turns never summarized, ≥ 1 (default 1: the turn being answered).</param>
public sealed class SummarizeAndCompactStrategy(IHistorySummarizer summarizer, int thresholdPercent = 75, int keepRecentTurns = 1) : IHistoryStrategy
{
    /// <summary>Compaction threshold as a percentage of the budget.</summary>
    public int ThresholdPercent { get; } = thresholdPercent is >= 1 and <= 100 ? thresholdPercent
        : throw new ArgumentOutOfRangeException(nameof(thresholdPercent), "thresholdPercent must be between 1 and 100.");

    /// <summary>Newest turns kept verbatim by a compaction.</summary>
    public int KeepRecentTurns { get; } = keepRecentTurns >= 1 ? keepRecentTurns
        : throw new ArgumentOutOfRangeException(nameof(keepRecentTurns), "keepRecentTurns must be 1 or more.");

    /// <summary>The current summary text, or null before the first compaction.</summary>
    public string? Summary { get; private set; }

    /// <summary>History messages [0, CoveredUntil) are represented by the summary (the system prompt excepted);
    /// 0 before the first compaction.</summary>
    public int CoveredUntil { get; private set; }

    /// <summary>How many compactions ran.</summary>
    public int Compactions { get; private set; }

    /// <summary>The summary card sent in place of the covered messages, or null.</summary>
    public HistoryMessage? Card => Summary is null ? null : HistoryMessage.SummaryCard(Summary);

    /// <inheritdoc />
    public string Name => "summarize";

    /// <inheritdoc />
    public string Description => string.Create(CultureInfo.InvariantCulture,
        $"Replaces older turns with a summary at {ThresholdPercent}% of the window, keeping the last {KeepRecentTurns} turn(s) verbatim.");

    /// <summary>Forgets the summary (a new conversation).</summary>
    public void Reset()
    {
        Summary = null;
        CoveredUntil = 0;
        Compactions = 0;
    }

    /// <inheritdoc />
    /// <remarks>May call the summarizer (a model call) when the threshold is reached.</remarks>
    public async ValueTask<HistoryView> SelectAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(counter);
        ForgetIfStale(history);
        var view = await UncompactedViewAsync(history, tokenBudget, counter, cancellationToken);
        if ((long)view.PromptTokens * 100 >= (long)tokenBudget * ThresholdPercent
            && await CompactAsync(history, cancellationToken))
        {
            view = await UncompactedViewAsync(history, tokenBudget, counter, cancellationToken);
        }
        if (view.Fits) return view;
        var groups = HistoryGroups.Split(history);
        var candidates = groups.Skip(HistoryGroups.PinnedCount(groups)).Where(g => g.Start >= CoveredUntil).ToArray();
        return await HistorySelection.KeepNewestAsync(Name, history, candidates, Card, tokenBudget, counter, cancellationToken);
    }

    /// <summary>"Compact now": summarizes every turn after the current summary except the newest
    /// <see cref="KeepRecentTurns"/>, folding in the previous summary.</summary>
    /// <param name="history">The full history.</param>
    /// <param name="cancellationToken">Cancels the summarizing call.</param>
    /// <returns>False when there was nothing old enough to compact.</returns>
    public async Task<bool> CompactAsync(IReadOnlyList<HistoryMessage> history, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ForgetIfStale(history);
        var groups = HistoryGroups.Split(history);
        var turns = HistoryGroups.Turns(groups).Where(t => t[0].Start >= CoveredUntil).ToArray();
        if (turns.Length <= KeepRecentTurns) return false;
        var from = turns[0][0].Start;
        var until = turns[^KeepRecentTurns][0].Start;
        var older = history.Skip(from).Take(until - from).ToArray();
        Summary = await summarizer.SummarizeAsync(Summary, older, cancellationToken);
        CoveredUntil = until;
        Compactions++;
        return true;
    }

    // The summary stands for history[..CoveredUntil], which always ends right before a user message that stays
    // verbatim. A history that no longer has one there (shortened, or another conversation) is not the one summarized:
    // forget the summary rather than hide its newest messages behind it.
    private void ForgetIfStale(IReadOnlyList<HistoryMessage> history)
    {
        if (CoveredUntil > 0 && (CoveredUntil >= history.Count || history[CoveredUntil].Role != HistoryMessage.UserRole)) Reset();
    }

    private ValueTask<HistoryView> UncompactedViewAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        var keep = HistorySelection.PinnedMask(history);
        for (var i = CoveredUntil; i < history.Count; i++) keep[i] = true;
        return HistorySelection.CountedViewAsync(Name, history, keep, Card, tokenBudget, counter, cancellationToken);
    }
}
