namespace Workbench.Engine.Inference;

/// <summary>One chat message as a chat template sees it (OpenAI's <c>messages[]</c> item: role and content).</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">Plain text content.</param>
public sealed record PromptMessage(string Role, string Content);

/// <summary>The output of a chat template.</summary>
/// <param name="Text">The exact prompt text, special-token markup included.</param>
/// <param name="TemplateName">Which template produced it: a built-in name, or <c>model</c> for the GGUF's own.</param>
public sealed record RenderedPrompt(string Text, string TemplateName);
