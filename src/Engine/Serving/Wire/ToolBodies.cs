using System.Text.Json;

namespace Workbench.Engine.Serving.Wire;

/// <summary>One <c>tools[]</c> item: <c>{type: "function", function: {name, description, parameters}}</c>.</summary>
internal sealed class ToolBody
{
    public string? Type { get; set; }
    public ToolFunctionBody? Function { get; set; }
}

/// <summary>A tool's <c>function</c> object; <c>parameters</c> is a JSON Schema.</summary>
internal sealed class ToolFunctionBody
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Parameters { get; set; }
}

/// <summary>One <c>tool_calls[]</c> item: <c>{id, type: "function", function: {name, arguments}}</c>, arguments a
/// JSON text.</summary>
internal sealed class ToolCallBody
{
    public string? Id { get; set; }
    public string? Type { get; set; }
    public ToolCallFunctionBody? Function { get; set; }
}

/// <summary>A tool call's <c>function</c>: the name and the arguments as a JSON string.</summary>
internal sealed class ToolCallFunctionBody
{
    public string? Name { get; set; }
    public string? Arguments { get; set; }
}
