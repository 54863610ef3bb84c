namespace Workbench.Web.Hubs;

/// <summary>The <c>function</c> of a <see cref="ChatStreamToolCall"/>.</summary>
public sealed record ChatStreamFunctionCall
{
    /// <summary>The function name.</summary>
    public string? Name { get; init; }

    /// <summary>The arguments: a JSON object written as a string (OpenAI's shape).</summary>
    public string? Arguments { get; init; }
}
