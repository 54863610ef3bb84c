using System.Text.Json.Nodes;

namespace Workbench.Engine.Templates;

/// <summary>What a chat template is rendered with: the arguments of transformers'
/// <c>tokenizer.apply_chat_template(messages, tools=…, add_generation_prompt=…, **kwargs)</c>.</summary>
/// <param name="Messages">OpenAI-shaped messages: objects with <c>role</c>, <c>content</c> (string, null or a
/// parts array, passed as given), optional <c>tool_calls</c> (<c>[{id, type, function: {name, arguments}}]</c>,
/// <c>arguments</c> a JSON string as OpenAI sends it or an object), <c>tool_call_id</c>, <c>name</c>.</param>
/// <param name="Tools">OpenAI tool definitions (<c>[{type: "function", function: {name, description,
/// parameters}}]</c>), or null for none: the template then sees <c>tools</c> as None, as transformers passes it.</param>
/// <param name="AddGenerationPrompt">Append the header that opens the assistant's reply.</param>
/// <param name="BosToken">The model's BOS text (<c>bos_token</c>), e.g. <c>&lt;|begin_of_text|&gt;</c>; empty when
/// the model has none.</param>
/// <param name="EosToken">The model's EOS text (<c>eos_token</c>), e.g. <c>&lt;|im_end|&gt;</c>.</param>
/// <param name="Now">The time <c>strftime_now(format)</c> formats (in its own offset); pass a fixed time for a
/// reproducible rendering.</param>
/// <param name="Kwargs">Extra template variables (llama-server's <c>chat_template_kwargs</c>), e.g.
/// <c>{"enable_thinking": false}</c> for Qwen3 or <c>{"date_string": "26 Jul 2024"}</c> for Llama 3.x; they may
/// override <c>bos_token</c>/<c>eos_token</c> but not <c>messages</c>, <c>tools</c>, <c>documents</c> or
/// <c>add_generation_prompt</c>.</param>
public sealed record ChatTemplateInput(
    JsonArray Messages,
    JsonArray? Tools = null,
    bool AddGenerationPrompt = true,
    string BosToken = "",
    string EosToken = "",
    DateTimeOffset? Now = null,
    JsonObject? Kwargs = null);
