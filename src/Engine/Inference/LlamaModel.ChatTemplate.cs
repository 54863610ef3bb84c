using Workbench.Engine.Native;
using Workbench.Engine.Templates;
using Workbench.Engine.Templates.Builtin;
using Workbench.Engine.Templates.Jinja;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Inference;

// Chat templates: a request's Jinja source, a named built-in, the GGUF's own (tokenizer.chat_template, rendered as
// Hugging Face renders it), or, for a model without one, llama.cpp's named fallback or our ChatML + Hermes template.
internal sealed partial class LlamaModel
{
    /// <summary>The label <see cref="RenderedPrompt.TemplateName"/> carries when the GGUF's own template was rendered
    /// (with Jinja).</summary>
    public const string ModelTemplateName = "model";

    /// <summary>The label when the GGUF's own template does not parse as Jinja and llama.cpp's built-in matcher
    /// recognised it instead.</summary>
    public const string ModelMatcherTemplateName = "model (llama.cpp matcher; the template does not parse as Jinja)";

    /// <summary>The label when the request's own Jinja source (<see cref="ChatRenderRequest.TemplateSource"/>) was
    /// rendered.</summary>
    public const string RequestTemplateName = "request";

    private int _specialFlags = -1; // bit 0: the vocabulary adds BOS on tokenize; bit 1: it adds EOS

    /// <summary>Renders a conversation into the prompt text the model expects (no tools: see <see cref="RenderChat"/>).</summary>
    /// <param name="messages">The conversation (role and content of each message).</param>
    /// <param name="templateName">A built-in template name (see <see cref="BuiltinTemplates"/>), or null to use the
    /// GGUF's own template; when the model has none, or it parses neither as Jinja nor with llama.cpp's matcher,
    /// <paramref name="fallbackTemplate"/> is used.</param>
    /// <param name="fallbackTemplate">Built-in template name used when <paramref name="templateName"/> is null and the
    /// model's own cannot be used (normally <see cref="EngineOptions.ChatTemplate"/>).</param>
    /// <param name="addAssistant">End with the tokens that open the assistant's turn (add_generation_prompt).</param>
    /// <returns>The prompt and the template used (<see cref="ModelTemplateName"/> for the GGUF's own).</returns>
    /// <exception cref="ChatTemplateException">The named (or fallback) template is unknown to llama.cpp (the message
    /// lists the built-in names), the model's own template raised an error (line and column), or a message holds a
    /// NUL character.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public RenderedPrompt ApplyChatTemplate(IReadOnlyList<PromptMessage> messages, string? templateName, string fallbackTemplate, bool addAssistant) =>
        RenderChat(WithoutTools(messages, templateName, addAssistant), fallbackTemplate, null);

    /// <summary>The request <see cref="IInferenceEngine.ApplyChatTemplateAsync"/> renders: roles and contents only
    /// (tool calls, ids and names left out, as llama.cpp's matcher renders them), so every path gives the same
    /// text for it; <see cref="RenderChat"/> takes tools.</summary>
    public static ChatRenderRequest WithoutTools(IReadOnlyList<PromptMessage> messages, string? templateName, bool addAssistant)
    {
        ArgumentNullException.ThrowIfNull(messages);
        return new ChatRenderRequest
        {
            Messages = messages.Select(m => m is null || (m.ToolCalls is null && m.ToolCallId is null && m.Name is null) ? m! : new PromptMessage(m.Role, m.Content)).ToList(),
            TemplateName = templateName,
            AddGenerationPrompt = addAssistant,
        };
    }

    /// <summary>Renders <paramref name="request"/> (see <see cref="IInferenceEngine.RenderChatAsync"/>). Template
    /// resolution, first match wins:
    /// <list type="number">
    /// <item><see cref="ChatRenderRequest.TemplateSource"/>: rendered with Jinja (<see cref="RequestTemplateName"/>).</item>
    /// <item><see cref="ChatRenderRequest.TemplateName"/>: <see cref="HermesChatMlTemplate.Name"/> is ours; any other
    /// is a llama.cpp built-in, which renders no tools (tools or tool calls are a <see cref="ChatTemplateException"/>).</item>
    /// <item>The GGUF's <c>tokenizer.chat_template</c>, rendered with Jinja as Hugging Face does
    /// (<see cref="ModelTemplateName"/>); when it does not parse as Jinja and the request needs nothing beyond
    /// llama.cpp's matcher, the matcher renders it (<see cref="ModelMatcherTemplateName"/>).</item>
    /// <item>No template: with tools or tool calls, <see cref="HermesChatMlTemplate"/>; otherwise llama.cpp's
    /// <paramref name="fallbackTemplate"/> (template variables and BOS/EOS overrides are then not read).</item>
    /// </list>
    /// Jinja templates get the model's BOS/EOS token text unless overridden; the model's BOS text at the start of
    /// the result (and EOS text at its end) is removed when the vocabulary adds that token itself on tokenization,
    /// as llama.cpp's <c>common_chat_templates_apply</c> does, so the tokenized prompt holds one BOS.</summary>
    /// <param name="request">The conversation, tools and variables.</param>
    /// <param name="fallbackTemplate">The llama.cpp built-in for a model without a template
    /// (<see cref="EngineOptions.ChatTemplate"/>).</param>
    /// <param name="configuredFormat"><see cref="EngineOptions.ToolCallFormat"/>: the tool-call format of the
    /// model's own (or fallback) template, overriding detection; null = detect from the template text.</param>
    /// <exception cref="ChatTemplateException">The template does not parse or raised (the message names its line
    /// and column), a built-in was asked to render tools, a variable reuses a reserved name, a tool call's
    /// arguments are not JSON, or a name is unknown to llama.cpp.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public RenderedPrompt RenderChat(ChatRenderRequest request, string fallbackTemplate, ToolCallFormat? configuredFormat)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(request.Messages);
        bool rendersTools = request.Tools.Count > 0 || request.Messages.Any(m => m?.ToolCalls is { Count: > 0 } || m?.ToolCallId is not null);
        if (request.TemplateSource is { } source)
            return RenderJinja(Parse(source, RequestTemplateName), request, RequestTemplateName, ToolCallFormatDetector.Detect(source));
        if (!string.IsNullOrEmpty(request.TemplateName))
        {
            if (request.TemplateName == HermesChatMlTemplate.Name)
                return RenderJinja(Parse(HermesChatMlTemplate.Source, HermesChatMlTemplate.Name), request, HermesChatMlTemplate.Name, HermesChatMlTemplate.Format);
            if (rendersTools)
                throw new ChatTemplateException($"The built-in chat template '{request.TemplateName}' renders no tools or tool calls (llama.cpp's built-in templates have no tool syntax). Leave chat_template out to use the model's own template, send a Jinja template, or name '{HermesChatMlTemplate.Name}'.");
            return ChatTemplates.ApplyNamed(request.TemplateName, request.Messages, request.AddGenerationPrompt);
        }
        if (Handle.ChatTemplate() is { } own)
        {
            HfChatTemplate template;
            try
            {
                template = HfChatTemplate.Get(own);
            }
            catch (JinjaException e)
            {
                if (request.NeedsJinja)
                    throw new ChatTemplateException($"The model's chat template does not parse as Jinja: {e.Message}");
                if (Handle.ChatTemplateUtf8Z() is { } ownZ && ChatTemplates.TryApply(ownZ, ModelMatcherTemplateName, request.Messages, request.AddGenerationPrompt) is { } matched)
                    return matched;
                throw new ChatTemplateException($"The model's chat template does not parse as Jinja ({e.Message}) and llama.cpp's built-in matcher does not recognise it.");
            }
            return RenderJinja(template, request, ModelTemplateName, configuredFormat ?? ToolCallFormatDetector.Detect(own));
        }
        if (rendersTools)
            return RenderJinja(Parse(HermesChatMlTemplate.Source, HermesChatMlTemplate.Name), request, HermesChatMlTemplate.Name, configuredFormat ?? HermesChatMlTemplate.Format);
        return ChatTemplates.ApplyNamed(fallbackTemplate, request.Messages, request.AddGenerationPrompt) with { ToolCallFormat = configuredFormat };
    }

    /// <summary>The GGUF's own chat template text (<c>tokenizer.chat_template</c>), or null.</summary>
    public string? OwnChatTemplate() => Handle.ChatTemplate();

    /// <summary>The tool-call format this model's prompts are rendered in when tools are given:
    /// <paramref name="configuredFormat"/>, else the one detected from its own template, else (no template) Hermes,
    /// which <see cref="HermesChatMlTemplate"/> writes.</summary>
    public ToolCallFormat? DefaultToolCallFormat(ToolCallFormat? configuredFormat) =>
        configuredFormat ?? (OwnChatTemplate() is { } own ? ToolCallFormatDetector.Detect(own) : HermesChatMlTemplate.Format);

    /// <summary>Names of llama.cpp's built-in chat templates.</summary>
    /// <exception cref="InvalidOperationException"><see cref="LlamaBackend.Initialize"/> was not called.</exception>
    public static IReadOnlyList<string> BuiltinTemplates() => ChatTemplates.BuiltinNames();

    private static HfChatTemplate Parse(string source, string label)
    {
        try
        {
            return HfChatTemplate.Get(source);
        }
        catch (JinjaException e)
        {
            throw new ChatTemplateException($"The chat template '{label}' does not parse: {e.Message}");
        }
    }

    private RenderedPrompt RenderJinja(HfChatTemplate template, ChatRenderRequest request, string label, ToolCallFormat? format)
    {
        string bos = BosToken >= 0 ? TokenText(BosToken) : "";
        string eos = EosToken >= 0 ? TokenText(EosToken) : "";
        var input = ChatTemplateInputBuilder.Build(request, bos, eos);
        string text;
        try
        {
            text = template.Render(input);
        }
        catch (JinjaException e)
        {
            throw new ChatTemplateException($"The chat template '{label}' failed: {e.Message}");
        }
        catch (ArgumentException e)
        {
            throw new ChatTemplateException($"The chat template '{label}' cannot be rendered: {e.Message}");
        }
        int flags = SpecialFlags();
        if ((flags & 1) != 0 && bos.Length > 0 && text.StartsWith(bos, StringComparison.Ordinal))
            text = text[bos.Length..];
        if ((flags & 2) != 0 && eos.Length > 0 && text.EndsWith(eos, StringComparison.Ordinal))
            text = text[..^eos.Length];
        return new RenderedPrompt(text, label) { ToolCallFormat = format };
    }

    /// <summary>Whether tokenizing with add_special adds BOS (bit 0) and EOS (bit 1): llama.cpp's
    /// <c>llama_vocab_get_add_bos</c>/<c>_eos</c>, read by tokenizing the empty text.</summary>
    private int SpecialFlags()
    {
        if (_specialFlags >= 0) return _specialFlags;
        int[] tokens = Tokenize("", addSpecial: true, parseSpecial: false);
        int flags = (tokens.Length > 0 && tokens[0] == BosToken ? 1 : 0) | (tokens.Length > 0 && tokens[^1] == EosToken && EosToken != BosToken ? 2 : 0);
        return _specialFlags = flags;
    }
}
