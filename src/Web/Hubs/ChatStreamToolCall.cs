namespace Workbench.Web.Hubs;

/// <summary>One call in an assistant message's <see cref="ChatStreamMessage.ToolCalls"/>:
/// <c>{id, type: "function", function: {name, arguments}}</c>.</summary>
public sealed record ChatStreamToolCall
{
    /// <summary>The call id, non-empty; a later tool message's <c>toolCallId</c> repeats it.</summary>
    public string? Id { get; init; }

    /// <summary><c>function</c> (null is read as function).</summary>
    public string? Type { get; init; }

    /// <summary>The called function and its arguments.</summary>
    public ChatStreamFunctionCall? Function { get; init; }
}
