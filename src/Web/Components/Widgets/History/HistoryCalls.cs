using System.Text;
using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>The chat call the history widgets make, the options they share, and how they word its errors.</summary>
public static class HistoryCalls
{
    /// <summary>The widgets' default system prompt (option <c>system</c>).</summary>
    public const string DefaultSystem = "You are a friendly storyteller.";

    /// <summary>Option <c>max_tokens</c>, clamped to 1–4096.</summary>
    /// <param name="options">The widget block's options (may be null).</param>
    /// <param name="fallback">The widget's default.</param>
    public static int MaxTokens(IReadOnlyDictionary<string, string>? options, int fallback) =>
        (int)Math.Clamp(WidgetOptions.Number(options, "max_tokens", fallback) ?? fallback, 1, 4096);

    /// <summary>Option <c>seed</c> (default 1), clamped to the range of a sampler seed.</summary>
    /// <param name="options">The widget block's options (may be null).</param>
    public static uint Seed(IReadOnlyDictionary<string, string>? options) =>
        (uint)Math.Clamp(WidgetOptions.Number(options, "seed", 1) ?? 1, 0, uint.MaxValue);

    /// <summary>Runs <paramref name="work"/> inside <see cref="EngineUseGate.RunOnEngineAsync{T}"/> and words how it
    /// ended for the widget's alert; never throws.</summary>
    /// <param name="gate">Charges the engine use to the current user.</param>
    /// <param name="work">The engine calls.</param>
    /// <param name="cts">The widget's source for this run; its cancellation reads as "Cancelled.".</param>
    /// <param name="logger">Logs an unexpected exception.</param>
    /// <param name="unexpected">The alert for an unexpected exception (its details go to the log only).</param>
    /// <returns>Null when <paramref name="work"/> completed; else "Cancelled.", <see cref="Describe"/> of an
    /// expected exception (<see cref="IsExpected"/>), or <paramref name="unexpected"/>.</returns>
    public static async Task<string?> TryRunAsync(EngineUseGate gate, Func<CancellationToken, Task> work, CancellationTokenSource cts, ILogger logger, string unexpected)
    {
        try
        {
            await gate.RunOnEngineAsync(async ct => { await work(ct); return true; }, cts.Token);
            return null;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            return "Cancelled.";
        }
        catch (Exception ex) when (IsExpected(ex))
        {
            return Describe(ex);
        }
        catch (Exception ex)
        {
            logger.LogError(ex, "History widget call failed");
            return unexpected;
        }
    }

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
