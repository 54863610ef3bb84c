using System.Text;
using Workbench.Engine.Native;

namespace Workbench.Engine.Inference;

/// <summary>llama.cpp's built-in chat-template matcher (<c>llama_chat_apply_template</c>; no Jinja): renders a
/// conversation with a named built-in template (<c>chatml</c>, <c>llama3</c>, <c>phi3</c>, ...) or with a GGUF's own
/// template text when the matcher recognises it.</summary>
internal static class ChatTemplates
{
    private static IReadOnlyList<string>? s_builtin;

    /// <summary>Names of llama.cpp's built-in templates (<c>llama_chat_builtin_templates</c>), in llama.cpp's order.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LlamaBackend.Initialize"/> was not called.</exception>
    public static IReadOnlyList<string> BuiltinNames()
    {
        if (s_builtin is { } cached)
            return cached;
        if (!LlamaBackend.IsInitialized)
            throw new InvalidOperationException("Call LlamaBackend.Initialize first.");
        return s_builtin = LlamaChatTemplate.BuiltinTemplates();
    }

    /// <summary>Renders <paramref name="messages"/> with a template given as UTF-8 text or name.</summary>
    /// <param name="templateZ">NUL-terminated UTF-8 template name or text.</param>
    /// <param name="templateLabel">How errors and <see cref="RenderedPrompt.TemplateName"/> name the template.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="addAssistant">End with the tokens that open an assistant turn (add_ass).</param>
    /// <returns>The prompt, or null when the matcher does not know the template.</returns>
    /// <exception cref="ChatTemplateException">A message role or content contains a NUL character.</exception>
    public static RenderedPrompt? TryApply(byte[] templateZ, string templateLabel, IReadOnlyList<PromptMessage> messages, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(templateZ);
        ArgumentNullException.ThrowIfNull(messages);
        // One block holds every role and content, NUL-terminated; the native message array points into it.
        var offsets = new int[messages.Count * 2];
        var block = new List<byte>(256);
        int chars = 0;
        for (int i = 0; i < messages.Count; i++)
        {
            PromptMessage message = messages[i] ?? throw new ArgumentException($"messages[{i}] is null.", nameof(messages));
            offsets[2 * i] = Append(block, message.Role, i, "role");
            offsets[2 * i + 1] = Append(block, message.Content, i, "content");
            chars += message.Role.Length + message.Content.Length;
        }
        byte[] strings = block.Count == 0 ? new byte[1] : block.ToArray();
        int outputSize = Math.Max(256, 2 * Encoding.UTF8.GetMaxByteCount(chars) / 3 + 256);
        return LlamaChatTemplate.Apply(templateZ, strings, offsets, addAssistant, outputSize) is { } text
            ? new RenderedPrompt(text, templateLabel)
            : null;
    }

    /// <summary>Renders with a named built-in template.</summary>
    /// <exception cref="ChatTemplateException">The name is unknown to llama.cpp (the message lists the built-in
    /// names), or a message contains a NUL character.</exception>
    public static RenderedPrompt ApplyNamed(string templateName, IReadOnlyList<PromptMessage> messages, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(templateName);
        if (templateName.Length == 0 || templateName.Contains('\0'))
            throw UnknownTemplate(templateName);
        return TryApply(Utf8Z(templateName), templateName, messages, addAssistant) ?? throw UnknownTemplate(templateName);
    }

    /// <summary>The error for a template llama.cpp does not know.</summary>
    public static ChatTemplateException UnknownTemplate(string templateName) =>
        new($"The chat template '{templateName}' is not supported by llama.cpp's built-in template matcher. Built-in templates: {string.Join(", ", BuiltinNames())}.");

    private static int Append(List<byte> block, string value, int index, string field)
    {
        ArgumentNullException.ThrowIfNull(value, $"messages[{index}].{field}");
        if (value.Contains('\0'))
            throw new ChatTemplateException($"messages[{index}].{field} contains a NUL character, which a chat template cannot carry.");
        int offset = block.Count;
        block.AddRange(Encoding.UTF8.GetBytes(value));
        block.Add(0);
        return offset;
    }

    private static byte[] Utf8Z(string value)
    {
        byte[] bytes = new byte[Encoding.UTF8.GetByteCount(value) + 1];
        Encoding.UTF8.GetBytes(value, bytes);
        return bytes;
    }
}
