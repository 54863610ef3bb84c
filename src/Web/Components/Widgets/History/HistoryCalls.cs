using System.Text;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>The chat call the history widgets make, and how they word its errors.</summary>
public static class HistoryCalls
{
    /// <summary>Renders <paramref name="messages"/> with the chat template and generates a reply (the caller runs
    /// this inside <see cref="EngineUseGate.RunOnEngineAsync{T}"/> so quotas apply).</summary>
    /// <param name="engine">The engine.</param>
    /// <param name="messages">The messages a strategy chose to send.</param>
    /// <param name="maxTokens">Most reply tokens, ≥ 1.</param>
    /// <param name="seed">The sampling seed (fixed, so the widgets repeat).</param>
    /// <param name="cancellationToken">Stops generation.</param>
    /// <exception cref="PromptTooLongException">The prompt exceeds n_ctx (the API's <c>context_length_exceeded</c>).</exception>
    public static async Task<HistoryReply> ReplyAsync(IInferenceEngine engine, IReadOnlyList<HistoryMessage> messages, int maxTokens, uint seed, CancellationToken cancellationToken)
    {
        var prompt = await engine.ApplyChatTemplateAsync(messages.Select(m => m.ToPromptMessage()).ToList(), null, addAssistantPrompt: true, cancellationToken);
        var request = new GenerationRequest { Prompt = prompt.Text, MaxTokens = maxTokens, Sampling = new SamplingOptions { Seed = seed } };
        var text = new StringBuilder();
        GenerationUsage? usage = null;
        FinishReason? finish = null;
        await foreach (var update in engine.GenerateAsync(request, cancellationToken))
        {
            text.Append(update.Text);
            usage ??= update.Usage;
            finish ??= update.FinishReason;
        }
        return new HistoryReply(text.ToString().Trim(), usage, finish);
    }

    /// <summary>A message for the user: the API's error code first for a prompt over the window
    /// (<c>context_length_exceeded: …</c>), the engine's own safe message otherwise.</summary>
    /// <param name="exception">An <see cref="EngineException"/> or <see cref="ArgumentException"/>.</param>
    public static string Describe(Exception exception) => exception switch
    {
        PromptTooLongException tooLong => "context_length_exceeded: " + tooLong.Message,
        _ => exception.Message,
    };

    /// <summary>Whether the exception is one the widgets show as an alert (engine errors and invalid arguments);
    /// anything else is logged.</summary>
    /// <param name="exception">The exception.</param>
    public static bool IsExpected(Exception exception) => exception is EngineException or ArgumentException;
}
