namespace Workbench.Web.Hubs;

/// <summary>One tool of <see cref="ChatStreamRequest.Tools"/>: <c>{type: "function", function: {name, description,
/// parameters}}</c>.</summary>
public sealed record ChatStreamTool
{
    /// <summary>Must be <c>function</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The function (required).</summary>
    public ChatStreamFunction? Function { get; init; }
}
