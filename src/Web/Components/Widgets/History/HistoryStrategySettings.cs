using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>
/// The settings of the history strategies a widget compares, read from the widget block's options
/// (<c>window_turns</c>, <c>window_tokens</c>, <c>threshold</c>, <c>keep_turns</c>), each clamped to its range.
/// </summary>
/// <param name="WindowTurns">Turns kept by the by-turns sliding window, 1–50 (default 2).</param>
/// <param name="WindowTokens">Prompt tokens of the by-tokens sliding window, 16–100,000 (default 200).</param>
/// <param name="ThresholdPercent">Summarize-and-compact runs at this share of the budget, 1–100 (default 75).</param>
/// <param name="KeepRecentTurns">Turns a compaction keeps verbatim, 1–20 (default 1).</param>
public sealed record HistoryStrategySettings(int WindowTurns = 2, int WindowTokens = 200, int ThresholdPercent = 75, int KeepRecentTurns = 1)
{
    /// <summary>Most tokens of a summary the model writes.</summary>
    public const int SummaryMaxTokens = 48;

    /// <summary>Reads the settings from a widget block's options (missing or invalid → the default).</summary>
    /// <param name="options">The block's options (may be null).</param>
    public static HistoryStrategySettings FromOptions(IReadOnlyDictionary<string, string>? options)
    {
        var defaults = new HistoryStrategySettings();
        return new HistoryStrategySettings(
            Read(options, "window_turns", defaults.WindowTurns, 1, 50),
            Read(options, "window_tokens", defaults.WindowTokens, 16, 100_000),
            Read(options, "threshold", defaults.ThresholdPercent, 1, 100),
            Read(options, "keep_turns", defaults.KeepRecentTurns, 1, 20));
    }

    /// <summary>A settings record with every value clamped to its range.</summary>
    public HistoryStrategySettings Clamped() => new(
        Math.Clamp(WindowTurns, 1, 50), Math.Clamp(WindowTokens, 16, 100_000), Math.Clamp(ThresholdPercent, 1, 100), Math.Clamp(KeepRecentTurns, 1, 20));

    /// <summary>Fresh instances of the five strategies, in display order: keep-all (the baseline), drop-oldest,
    /// sliding window by turns, sliding window by tokens, summarize-and-compact (its summaries written by
    /// <paramref name="engine"/>).</summary>
    /// <param name="engine">Writes the summaries.</param>
    public IReadOnlyList<IHistoryStrategy> CreateStrategies(IInferenceEngine engine)
    {
        var s = Clamped();
        return
        [
            new KeepAllStrategy(),
            new DropOldestStrategy(),
            SlidingWindowStrategy.ByTurns(s.WindowTurns),
            SlidingWindowStrategy.ByTokens(s.WindowTokens),
            new SummarizeAndCompactStrategy(new EngineHistorySummarizer(engine, null, SummaryMaxTokens), s.ThresholdPercent, s.KeepRecentTurns),
        ];
    }

    private static int Read(IReadOnlyDictionary<string, string>? options, string name, int fallback, int min, int max) =>
        (int)Math.Clamp(WidgetOptions.Number(options, name, fallback) ?? fallback, min, max);
}
