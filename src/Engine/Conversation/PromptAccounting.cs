namespace Workbench.Engine.Conversation;

/// <summary>
/// Where the prompt tokens of the next call go, counted with the model's own tokenizer on the templated prompt
/// (see <see cref="PromptTokenCounter.AccountAsync"/>). The parts add up exactly:
/// <c>LeadingTokens + Σ MessageTokens + GenerationPromptTokens == TotalTokens</c>.
/// </summary>
/// <param name="Text">The exact prompt text of the next call: every message through the chat template, ending with
/// the opening of the assistant's turn (special-token markup included).</param>
/// <param name="TemplateName">The chat template used (a llama.cpp built-in name, or <c>model</c>).</param>
/// <param name="TotalTokens">Tokens of <paramref name="Text"/> as the engine tokenizes a prompt (BOS added as the
/// vocabulary says, special-token text parsed): the call's <c>usage.prompt_tokens</c>.</param>
/// <param name="LeadingTokens">Tokens before the first message (BOS, when the vocabulary adds it).</param>
/// <param name="MessageTokens">Per message, in order: the tokens that message adds, its template markup included
/// (for example ChatML's <c>&lt;|im_start|&gt;user\n … &lt;|im_end|&gt;\n</c>).</param>
/// <param name="GenerationPromptTokens">Tokens of the assistant-turn opening the template appends
/// (add_generation_prompt).</param>
public sealed record PromptAccounting(
    string Text,
    string TemplateName,
    int TotalTokens,
    int LeadingTokens,
    IReadOnlyList<int> MessageTokens,
    int GenerationPromptTokens);
