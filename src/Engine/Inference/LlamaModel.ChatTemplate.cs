using Workbench.Engine.Native;

namespace Workbench.Engine.Inference;

// Chat templates: the GGUF's own (tokenizer.chat_template) or a named llama.cpp built-in.
internal sealed partial class LlamaModel
{
    /// <summary>The label <see cref="RenderedPrompt.TemplateName"/> carries when the GGUF's own template was used.</summary>
    public const string ModelTemplateName = "model";

    /// <summary>Renders a conversation into the prompt text the model expects.</summary>
    /// <param name="messages">The conversation (role and content of each message).</param>
    /// <param name="templateName">A built-in template name (see <see cref="BuiltinTemplates"/>), or null to use the
    /// GGUF's own template; when the model has none, or llama.cpp's matcher does not recognise it,
    /// <paramref name="fallbackTemplate"/> is used.</param>
    /// <param name="fallbackTemplate">Built-in template name used when <paramref name="templateName"/> is null and the
    /// model's own cannot be used (normally <see cref="EngineOptions.ChatTemplate"/>).</param>
    /// <param name="addAssistant">End with the tokens that open the assistant's turn (add_generation_prompt).</param>
    /// <returns>The prompt and the template used (<see cref="ModelTemplateName"/> for the GGUF's own).</returns>
    /// <exception cref="ChatTemplateException">The named (or fallback) template is unknown to llama.cpp; the message
    /// lists the built-in names. Also for a NUL character in a message.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public RenderedPrompt ApplyChatTemplate(IReadOnlyList<PromptMessage> messages, string? templateName, string fallbackTemplate, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(messages);
        if (!string.IsNullOrEmpty(templateName))
            return ChatTemplates.ApplyNamed(templateName, messages, addAssistant);
        if (Handle.ChatTemplateUtf8Z() is { } own && ChatTemplates.TryApply(own, ModelTemplateName, messages, addAssistant) is { } rendered)
            return rendered;
        return ChatTemplates.ApplyNamed(fallbackTemplate, messages, addAssistant);
    }

    /// <summary>The GGUF's own chat template text (<c>tokenizer.chat_template</c>), or null.</summary>
    public string? OwnChatTemplate() => Handle.ChatTemplate();

    /// <summary>Names of llama.cpp's built-in chat templates.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LlamaBackend.Initialize"/> was not called.</exception>
    public static IReadOnlyList<string> BuiltinTemplates() => ChatTemplates.BuiltinNames();
}
