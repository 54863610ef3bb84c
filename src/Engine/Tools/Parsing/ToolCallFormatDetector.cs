namespace Workbench.Engine.Tools.Parsing;

/// <summary>Finds a model's tool-call format from its chat template text, as llama.cpp's <c>common/chat.cpp</c> does
/// (<c>common_chat_templates_apply</c> picks a handler by the markers the template source contains).</summary>
/// <remarks>Rules, in order (first match wins):
/// <list type="number">
/// <item><c>&lt;function=</c> and <c>&lt;parameter=</c> → <see cref="ToolCallFormat.Qwen3Coder"/> (before Hermes: the
/// Qwen3-Coder template also writes <c>&lt;tool_call&gt;</c>).</item>
/// <item><c>[TOOL_CALLS]</c> → <see cref="ToolCallFormat.Mistral"/> (Nemo's array form and Small 3.2's
/// <c>[ARGS]</c> form).</item>
/// <item><c>&lt;tool_call&gt;</c> → <see cref="ToolCallFormat.Hermes"/> (Hermes 2/3, Qwen2.5, Qwen3).</item>
/// <item><c>&lt;|start_header_id|&gt;</c> with <c>"parameters"</c>, <c>&lt;|python_tag|&gt;</c> or <c>ipython</c> →
/// <see cref="ToolCallFormat.Llama31"/> (Llama 3.1/3.2/3.3).</item>
/// </list>
/// Anything else is null: no tool calls (Gemma 3, Phi-4-mini, whose templates render none) or a format outside the
/// four (Gemma 4's <c>&lt;|tool_call&gt;call:…</c>, DeepSeek-R1's <c>&lt;｜tool▁calls▁begin｜&gt;</c>).</remarks>
public static class ToolCallFormatDetector
{
    /// <summary>The format <paramref name="chatTemplate"/> renders calls in; null for none of the four or no template.</summary>
    /// <param name="chatTemplate">The Jinja source (GGUF <c>tokenizer.chat_template</c>); null or empty gives null.</param>
    public static ToolCallFormat? Detect(string? chatTemplate)
    {
        if (string.IsNullOrEmpty(chatTemplate))
        {
            return null;
        }
        if (Has(chatTemplate, "<function=") && Has(chatTemplate, "<parameter="))
        {
            return ToolCallFormat.Qwen3Coder;
        }
        if (Has(chatTemplate, "[TOOL_CALLS]"))
        {
            return ToolCallFormat.Mistral;
        }
        if (Has(chatTemplate, "<tool_call>"))
        {
            return ToolCallFormat.Hermes;
        }
        if (Has(chatTemplate, "<|start_header_id|>")
            && (Has(chatTemplate, "\"parameters\"") || Has(chatTemplate, "<|python_tag|>") || Has(chatTemplate, "ipython")))
        {
            return ToolCallFormat.Llama31;
        }
        return null;
    }

    private static bool Has(string text, string marker) => text.Contains(marker, StringComparison.Ordinal);
}
