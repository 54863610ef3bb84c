using System.Globalization;

namespace Workbench.Engine.Conversation;

/// <summary>
/// A fixed-size window over the newest part of the history, always applied (not only when the window overflows),
/// so the prompt's cost stops growing. Two kinds: <see cref="ByTurns"/> keeps the last N turns (a turn = a user
/// message and everything up to the next one) whatever their size; <see cref="ByTokens"/> keeps the newest
/// messages that fit a token budget. The system prompt is always kept and a tool call stays with its result.
/// </summary>
public sealed class SlidingWindowStrategy : IHistoryStrategy
{
    private SlidingWindowStrategy(int? turns, int? tokens)
    {
        MaxTurns = turns;
        MaxTokens = tokens;
    }

    /// <summary>Turns kept (by-turns window), else null.</summary>
    public int? MaxTurns { get; }

    /// <summary>Prompt-token budget of the window (by-tokens window), else null.</summary>
    public int? MaxTokens { get; }

    /// <summary>A window of the last <paramref name="turns"/> turns.</summary>
    /// <param name="turns">Turns kept, ≥ 1 (the current one included).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="turns"/> is below 1.</exception>
    public static SlidingWindowStrategy ByTurns(int turns)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(turns, 1);
        return new(turns, null);
    }

    /// <summary>A window of the newest messages whose prompt fits <paramref name="tokens"/> (the call's own budget
    /// also applies when smaller).</summary>
    /// <param name="tokens">Prompt tokens of the window, ≥ 1; the whole prompt counts (template markup, system prompt).</param>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="tokens"/> is below 1.</exception>
    public static SlidingWindowStrategy ByTokens(int tokens)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tokens, 1);
        return new(null, tokens);
    }

    /// <inheritdoc />
    public string Name => MaxTurns is null ? "sliding-window-tokens" : "sliding-window-turns";

    /// <inheritdoc />
    public string Description => MaxTurns is { } turns
        ? string.Create(CultureInfo.InvariantCulture, $"Keeps the system prompt and the last {turns} turn(s).")
        : string.Create(CultureInfo.InvariantCulture, $"Keeps the system prompt and the newest messages within {MaxTokens} prompt tokens.");

    /// <inheritdoc />
    public ValueTask<HistoryView> SelectAsync(IReadOnlyList<HistoryMessage> history, int tokenBudget, PromptTokenCounter counter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(counter);
        var groups = HistoryGroups.Split(history);
        if (MaxTokens is { } tokens)
        {
            var candidates = groups.Skip(HistoryGroups.PinnedCount(groups)).ToArray();
            return HistorySelection.KeepNewestAsync(Name, history, candidates, null, Math.Min(tokens, tokenBudget), counter, cancellationToken);
        }
        var keep = HistorySelection.PinnedMask(history);
        foreach (var turn in HistoryGroups.Turns(groups).TakeLast(MaxTurns!.Value))
        {
            foreach (var group in turn) HistorySelection.Mark(keep, group, true);
        }
        return HistorySelection.CountedViewAsync(Name, history, keep, null, tokenBudget, counter, cancellationToken);
    }
}
