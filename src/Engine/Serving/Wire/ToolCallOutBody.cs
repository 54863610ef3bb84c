namespace Workbench.Engine.Serving.Wire;

/// <summary>One <c>tool_calls[]</c> item of an answer (OpenAI Chat Completions): in a message
/// <c>{id, type: "function", function: {name, arguments}}</c>; in a stream chunk's delta the first item of a call is
/// <c>{index, id, type, function: {name, arguments: ""}}</c> and each later one <c>{index, function: {arguments:
/// FRAGMENT}}</c>.</summary>
internal sealed class ToolCallOutBody
{
    /// <summary>The call's position in the reply; stream deltas only.</summary>
    public int? Index { get; init; }
    public string? Id { get; init; }
    /// <summary>Always <c>function</c> where set.</summary>
    public string? Type { get; init; }
    public required ToolCallFunctionBody Function { get; init; }
}
