using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Conversation;

/// <summary>
/// An <see cref="IHistorySummarizer"/> that asks the model itself: one chat call with a summarizing system prompt
/// and the transcript (<c>role: content</c> lines, the previous summary first) as the user message, greedy
/// (temperature 0), at most <see cref="MaxTokens"/> tokens. A small base model writes poor summaries; the mechanics
/// (and their cost: this call is paid for too) are the point.
/// </summary>
/// <param name="engine">The engine that writes the summary.</param>
/// <param name="templateName">The chat template (null = the model's own or the engine's fallback).</param>
/// <param name="maxTokens">Most tokens of the summary, ≥ 1 (default 48).</param>
public sealed class EngineHistorySummarizer(IInferenceEngine engine, string? templateName = null, int maxTokens = 48) : IHistorySummarizer
{
    /// <summary>The system prompt of the summarizing call.</summary>
    public const string Instructions =
        "Summarize the conversation below in two or three sentences. Keep every name, number and fact the user stated.";

    /// <summary>Most tokens of the summary.</summary>
    public int MaxTokens { get; } = maxTokens >= 1 ? maxTokens : throw new ArgumentOutOfRangeException(nameof(maxTokens), "maxTokens must be 1 or more.");

    /// <summary>The messages of the summarizing call (system instructions, then the transcript as one user message).</summary>
    /// <param name="previousSummary">The previous summary, or null.</param>
    /// <param name="messages">The messages to summarize.</param>
    public static IReadOnlyList<PromptMessage> BuildPrompt(string? previousSummary, IReadOnlyList<HistoryMessage> messages)
    {
        var transcript = new StringBuilder();
        if (!string.IsNullOrWhiteSpace(previousSummary)) transcript.Append("Earlier summary: ").Append(previousSummary).Append("\n\n");
        foreach (var message in messages)
        {
            transcript.Append(message.Role).Append(": ").Append(message.ToPromptMessage().Content).Append('\n');
        }
        return [new PromptMessage("system", Instructions), new PromptMessage("user", transcript.ToString().TrimEnd())];
    }

    /// <inheritdoc />
    /// <exception cref="PromptTooLongException">The transcript does not fit the context window.</exception>
    public async Task<string> SummarizeAsync(string? previousSummary, IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var rendered = await engine.ApplyChatTemplateAsync(BuildPrompt(previousSummary, messages), templateName, addAssistantPrompt: true, cancellationToken);
        var request = new GenerationRequest
        {
            Prompt = rendered.Text,
            MaxTokens = MaxTokens,
            Sampling = new SamplingOptions { Temperature = 0f },
        };
        var text = new StringBuilder();
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
        }
        var summary = text.ToString().Trim();
        return summary.Length > 0 ? summary : "(the model wrote an empty summary)";
    }
}
