namespace Workbench.Engine.Requests;

/// <summary>One <c>tool_calls[]</c> item of an assistant message in the history:
/// <c>{id, type: "function", function: {name, arguments}}</c>, before validation.</summary>
public sealed record ChatRequestToolCall
{
    /// <summary><c>id</c>: non-empty; a later <c>tool</c> message's <c>tool_call_id</c> repeats it.</summary>
    public string? Id { get; init; }

    /// <summary><c>type</c>: <c>function</c> (null is read as function).</summary>
    public string? Type { get; init; }

    /// <summary><c>function.name</c>.</summary>
    public string? Name { get; init; }

    /// <summary><c>function.arguments</c>: a JSON object written as a string (OpenAI's shape).</summary>
    public string? Arguments { get; init; }
}
