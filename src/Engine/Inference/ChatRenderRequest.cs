using System.Text.Json;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Inference;

/// <summary>What <see cref="IInferenceEngine.RenderChatAsync"/> renders: a conversation (with tool calls and tool
/// results), the tools offered, and the variables a Hugging Face chat template reads (transformers'
/// <c>apply_chat_template</c>: <c>messages</c>, <c>tools</c>, <c>add_generation_prompt</c>, <c>bos_token</c>,
/// <c>eos_token</c>, <c>strftime_now</c>, plus <c>chat_template_kwargs</c>).</summary>
public sealed record ChatRenderRequest
{
    /// <summary>The conversation, oldest first. Tool-call arguments are JSON strings (OpenAI); the template receives
    /// them as objects, as transformers passes them.</summary>
    public required IReadOnlyList<PromptMessage> Messages { get; init; }

    /// <summary>The tools offered (the template's <c>tools</c>; None when empty).</summary>
    public IReadOnlyList<ToolDefinition> Tools { get; init; } = [];

    /// <summary>End with the opening of an assistant turn (<c>add_generation_prompt</c>). Default true.</summary>
    public bool AddGenerationPrompt { get; init; } = true;

    /// <summary>A llama.cpp built-in template name (for example <c>chatml</c>); null = the model's own.</summary>
    public string? TemplateName { get; init; }

    /// <summary>A Jinja chat template that overrides the model's (llama-server's <c>chat_template</c> text), so a
    /// template can be tried without a model that carries it; null = the model's own.</summary>
    public string? TemplateSource { get; init; }

    /// <summary>Extra template variables (llama-server's <c>chat_template_kwargs</c>, e.g. <c>enable_thinking</c>,
    /// <c>date_string</c>).</summary>
    public IReadOnlyDictionary<string, JsonElement>? TemplateVariables { get; init; }

    /// <summary>Overrides the <c>bos_token</c> text (default: the model's BOS token text).</summary>
    public string? BosToken { get; init; }

    /// <summary>Overrides the <c>eos_token</c> text (default: the model's EOS token text).</summary>
    public string? EosToken { get; init; }

    /// <summary>The time <c>strftime_now</c> formats (default: the clock), so a rendering is reproducible.</summary>
    public DateTimeOffset? Now { get; init; }

    /// <summary>Whether anything beyond what llama.cpp's built-in matcher can render is asked for (tools, tool calls,
    /// a template source, variables or token overrides).</summary>
    public bool NeedsJinja =>
        Tools.Count > 0 || TemplateSource is not null || TemplateVariables is { Count: > 0 } || BosToken is not null
        || EosToken is not null || Messages.Any(m => m.ToolCalls is { Count: > 0 } || m.ToolCallId is not null);
}
