namespace Workbench.Engine.Requests;

/// <summary>One <c>messages[]</c> item of a <see cref="ChatRequest"/>, before validation.</summary>
public sealed record ChatRequestMessage
{
    /// <summary><c>role</c>: <c>system</c>, <c>developer</c> (read as system), <c>user</c>, <c>assistant</c> or
    /// <c>tool</c>.</summary>
    public string? Role { get; init; }

    /// <summary><c>content</c> as text (array parts already joined); null = empty (an assistant message that only
    /// calls tools sends null).</summary>
    public string? Content { get; init; }

    /// <summary><c>tool_calls</c>: only on an <c>assistant</c> message.</summary>
    public IReadOnlyList<ChatRequestToolCall>? ToolCalls { get; init; }

    /// <summary><c>tool_call_id</c>: on a <c>tool</c> message, the id of the earlier call it answers (required).</summary>
    public string? ToolCallId { get; init; }

    /// <summary><c>name</c>: on a <c>tool</c> message, the function's name (optional).</summary>
    public string? Name { get; init; }
}
