namespace Workbench.Web.Hubs;

/// <summary>One message of a <see cref="ChatStreamRequest"/> (JSON <c>{role, content}</c>).</summary>
public sealed record ChatStreamMessage
{
    /// <summary><c>system</c>, <c>user</c>, <c>assistant</c> or <c>tool</c>.</summary>
    public string Role { get; init; } = "";

    /// <summary>Plain text content.</summary>
    public string Content { get; init; } = "";
}
