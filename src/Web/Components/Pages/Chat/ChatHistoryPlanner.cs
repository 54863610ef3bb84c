using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>
/// Chooses what the chat page sends on each call so a conversation never outgrows the context window: the
/// settings' <see cref="ChatHistoryMode"/> as an <see cref="IHistoryStrategy"/> over the whole history, with a prompt
/// budget of n_ctx minus the reply's reserve (<see cref="ReplyReserve"/>). One instance per conversation (the
/// summarize strategy remembers its summary); <see cref="Reset"/> starts a new one.
/// </summary>
/// <param name="engine">Counts tokens (the chat template and tokenizer of the loaded model) and, for
/// <see cref="ChatHistoryMode.Summarize"/>, writes the summaries.</param>
public sealed class ChatHistoryPlanner(IInferenceEngine engine)
{
    private SummarizeAndCompactStrategy? _summarize;
    private string? _summarizeTemplate;

    /// <summary>The view of the last <see cref="PlanAsync"/>, or null in a new conversation.</summary>
    public HistoryView? Last { get; private set; }

    /// <summary>The strategy of the last plan (for its description), or null.</summary>
    public IHistoryStrategy? LastStrategy { get; private set; }

    /// <summary>Why the last plan did not use the chosen mode (a summary that could not be written), or null.</summary>
    public string? Note { get; private set; }

    /// <summary>Summaries written so far in this conversation (<see cref="ChatHistoryMode.Summarize"/>).</summary>
    public int Compactions => _summarize?.Compactions ?? 0;

    /// <summary>Tokens kept free for the reply: max_tokens when set, else a quarter of the window; never more than
    /// half of it, so the prompt always has room.</summary>
    /// <param name="contextSize">n_ctx of one sequence, ≥ 2.</param>
    /// <param name="maxTokens">The settings' max tokens (0 = until the window is full).</param>
    public static int ReplyReserve(int contextSize, int maxTokens) =>
        Math.Min(maxTokens > 0 ? maxTokens : contextSize / 4, contextSize / 2);

    /// <summary>Chooses the messages of the next call.</summary>
    /// <param name="history">The whole conversation, the system prompt first when there is one, ending with the
    /// newest user message.</param>
    /// <param name="settings">The mode, max tokens and chat template.</param>
    /// <param name="contextSize">n_ctx of one sequence (the loaded model's window), ≥ 2.</param>
    /// <param name="reservedPromptTokens">Prompt tokens the messages cannot use, ≥ 0 (the tool definitions of a tool
    /// turn, which the counter does not render); 0 without tools.</param>
    /// <param name="cancellationToken">Cancels the counting (and a summarizing call).</param>
    /// <returns>The view: <see cref="HistoryView.Fits"/> is false only when the system prompt and the newest message
    /// alone exceed the budget.</returns>
    /// <exception cref="EngineException">Counting or summarizing failed (no model, a template error). A summary whose
    /// own prompt is over the window is not an error: that call falls back to the sliding window (<see cref="Note"/>).</exception>
    public async Task<HistoryView> PlanAsync(IReadOnlyList<HistoryMessage> history, ChatSettings settings, int contextSize,
        int reservedPromptTokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfLessThan(contextSize, 2);
        ArgumentOutOfRangeException.ThrowIfNegative(reservedPromptTokens);
        var budget = Math.Max(0, contextSize - ReplyReserve(contextSize, settings.MaxTokens) - reservedPromptTokens);
        var counter = new PromptTokenCounter(engine, settings.TemplateOrNull);
        var strategy = StrategyFor(settings, budget);
        HistoryView view;
        Note = null;
        try
        {
            view = await strategy.SelectAsync(history, budget, counter, cancellationToken);
        }
        catch (PromptTooLongException) when (strategy is SummarizeAndCompactStrategy)
        {
            // The summarizing call's own prompt (the turns to fold in) is over the window: this call slides instead.
            Note = "The turns to summarize do not fit the summarizing call's own window, so this call used the sliding window.";
            strategy = SlidingWindowStrategy.ByTokens(budget);
            view = await strategy.SelectAsync(history, budget, counter, cancellationToken);
        }
        LastStrategy = strategy;
        Last = view;
        return view;
    }

    /// <summary>Forgets the last view and any summary (a new conversation).</summary>
    public void Reset()
    {
        _summarize = null;
        Note = null;
        Last = null;
        LastStrategy = null;
    }

    private IHistoryStrategy StrategyFor(ChatSettings settings, int budget)
    {
        if (settings.HistoryMode == ChatHistoryMode.SlidingWindow) return SlidingWindowStrategy.ByTokens(budget);
        if (_summarize is null || _summarizeTemplate != settings.TemplateOrNull)
        {
            _summarizeTemplate = settings.TemplateOrNull;
            _summarize = new SummarizeAndCompactStrategy(new EngineHistorySummarizer(engine, _summarizeTemplate), thresholdPercent: 75);
        }
        return _summarize;
    }
}
