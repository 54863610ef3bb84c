using Workbench.Engine.Conversation;

namespace Workbench.Engine.Inference;

/// <summary>One chat message as a chat template sees it (OpenAI's <c>messages[]</c> item: role, content and, for
/// tool use, <c>tool_calls</c> / <c>tool_call_id</c> / <c>name</c>).</summary>
/// <param name="Role"><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</param>
/// <param name="Content">Plain text content; empty (never null) when an assistant message only calls tools.</param>
public sealed record PromptMessage(string Role, string Content)
{
    /// <summary>The calls an <c>assistant</c> message makes (OpenAI <c>tool_calls</c>), in order; null when none.
    /// Arguments are JSON object texts (checked by <c>RequestValidator</c>).</summary>
    public IReadOnlyList<ToolCall>? ToolCalls { get; init; }

    /// <summary>On a <c>tool</c> message: the <see cref="ToolCall.Id"/> of the earlier call it answers; null
    /// otherwise.</summary>
    public string? ToolCallId { get; init; }

    /// <summary>On a <c>tool</c> message: the function's name, when the client sent it (OpenAI's optional
    /// <c>name</c>); null otherwise.</summary>
    public string? Name { get; init; }

    /// <inheritdoc/>
    public bool Equals(PromptMessage? other) =>
        other is not null && Role == other.Role && Content == other.Content && ToolCallId == other.ToolCallId
        && Name == other.Name && (ToolCalls ?? []).SequenceEqual(other.ToolCalls ?? []);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(Role, Content, ToolCallId, Name, ToolCalls?.Count ?? 0);
}

/// <summary>The output of a chat template.</summary>
/// <param name="Text">The exact prompt text, special-token markup included.</param>
/// <param name="TemplateName">Which template produced it: a built-in name, or <c>model</c> for the GGUF's own.</param>
public sealed record RenderedPrompt(string Text, string TemplateName)
{
    /// <summary>The tool-call format the template renders (detected from its text, as llama.cpp does, or set by
    /// <c>Engine:ToolCallFormat</c>); null when the template renders no tool calls.</summary>
    public Tools.ToolCallFormat? ToolCallFormat { get; init; }
}
