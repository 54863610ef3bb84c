namespace Workbench.Web.Hubs;

/// <summary>One message of a <see cref="ChatStreamRequest"/> (JSON <c>{role, content, toolCalls?, toolCallId?,
/// name?}</c>, OpenAI's <c>messages[]</c> item in camelCase).</summary>
public sealed record ChatStreamMessage
{
    /// <summary><c>system</c>, <c>developer</c> (read as system), <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string Role { get; init; } = "";

    /// <summary>Plain text content; null = empty (an assistant message that only calls tools).</summary>
    public string? Content { get; init; } = "";

    /// <summary>An assistant message's calls (OpenAI <c>tool_calls</c>); only on assistant messages.</summary>
    public IReadOnlyList<ChatStreamToolCall>? ToolCalls { get; init; }

    /// <summary>A tool message's answered call: the <see cref="ChatStreamToolCall.Id"/> of an earlier call (required
    /// on a tool message).</summary>
    public string? ToolCallId { get; init; }

    /// <summary>A tool message's function name (optional).</summary>
    public string? Name { get; init; }
}
