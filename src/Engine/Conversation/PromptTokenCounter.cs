using Workbench.Engine.Inference;

namespace Workbench.Engine.Conversation;

/// <summary>
/// Counts the prompt tokens of a chat call the way the engine will: the messages are rendered with the chat
/// template (<see cref="IInferenceEngine.ApplyChatTemplateAsync"/>, ending with the assistant-turn opening) and the
/// text tokenized with the model's vocabulary, BOS added and special-token text parsed, as
/// <see cref="IInferenceEngine.GenerateAsync"/> does. So template markup counts, and the total equals the call's
/// <c>usage.prompt_tokens</c>.
/// </summary>
/// <param name="engine">The engine whose model tokenizes (in-process or remote).</param>
/// <param name="templateName">A built-in template name, or null for the model's own (falling back to the engine's
/// configured template), as the chat call will use.</param>
public sealed class PromptTokenCounter(IInferenceEngine engine, string? templateName = null)
{
    /// <summary>The template name passed to the engine (null = the model's own or the engine's fallback).</summary>
    public string? TemplateName => templateName;

    /// <summary>Renders the prompt of the next call: <paramref name="messages"/> and the assistant-turn opening.</summary>
    /// <param name="messages">The messages sent, oldest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="ChatTemplateException">The template is unknown or a message holds a NUL character.</exception>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    public ValueTask<RenderedPrompt> RenderAsync(IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken) =>
        engine.ApplyChatTemplateAsync(ToPrompt(messages), templateName, addAssistantPrompt: true, cancellationToken);

    /// <summary>Prompt tokens of the next call if it sends <paramref name="messages"/>.</summary>
    /// <param name="messages">The messages sent, oldest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TokenizationException">The vocabulary cannot encode the text.</exception>
    /// <exception cref="ChatTemplateException">The template is unknown or a message holds a NUL character.</exception>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    public async ValueTask<int> CountAsync(IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken)
    {
        var rendered = await RenderAsync(messages, cancellationToken);
        return await CountTextAsync(rendered.Text, cancellationToken);
    }

    /// <summary>
    /// The prompt of the next call and its tokens per message. A message's count is the difference between the
    /// tokens of the rendered prefix that ends with it and of the prefix before it (both rendered without the
    /// assistant-turn opening), so the template's markup is counted where it belongs and the parts add up to the
    /// total exactly. Costs one render and one tokenization per message.
    /// </summary>
    /// <param name="messages">The messages sent, oldest first.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <exception cref="TokenizationException">The vocabulary cannot encode the text.</exception>
    /// <exception cref="ChatTemplateException">The template is unknown or a message holds a NUL character.</exception>
    /// <exception cref="NoModelLoadedException">No model is loaded.</exception>
    public async Task<PromptAccounting> AccountAsync(IReadOnlyList<HistoryMessage> messages, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var prompt = ToPrompt(messages);
        var full = await engine.ApplyChatTemplateAsync(prompt, templateName, addAssistantPrompt: true, cancellationToken);
        var total = await CountTextAsync(full.Text, cancellationToken);
        var leading = await CountTextAsync("", cancellationToken);
        var perMessage = new int[messages.Count];
        var previous = leading;
        for (var i = 0; i < messages.Count; i++)
        {
            var prefix = await engine.ApplyChatTemplateAsync(prompt[..(i + 1)], templateName, addAssistantPrompt: false, cancellationToken);
            var tokens = await CountTextAsync(prefix.Text, cancellationToken);
            perMessage[i] = tokens - previous;
            previous = tokens;
        }
        return new PromptAccounting(full.Text, full.TemplateName, total, leading, perMessage, total - previous);
    }

    private async ValueTask<int> CountTextAsync(string text, CancellationToken cancellationToken) =>
        (await engine.TokenizeAsync(text, addSpecial: true, parseSpecial: true, cancellationToken)).Count;

    private static PromptMessage[] ToPrompt(IReadOnlyList<HistoryMessage> messages) => messages.Select(m => m.ToPromptMessage()).ToArray();
}
