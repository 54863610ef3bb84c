using System.Text.Json;

namespace Workbench.Engine.Requests;

/// <summary>One <c>tools[]</c> item: <c>{type: "function", function: {name, description, parameters}}</c>, before
/// validation.</summary>
public sealed record ChatRequestTool
{
    /// <summary><c>type</c>: must be <c>function</c>.</summary>
    public string? Type { get; init; }

    /// <summary>Whether the <c>function</c> object was sent (it is required).</summary>
    public bool HasFunction { get; init; } = true;

    /// <summary><c>function.name</c>: <see cref="RequestLimits.ToolNamePattern"/>, unique within the request.</summary>
    public string? Name { get; init; }

    /// <summary><c>function.description</c>; optional.</summary>
    public string? Description { get; init; }

    /// <summary><c>function.parameters</c>: an object JSON Schema the grammar converter supports; null or absent =
    /// <c>{"type": "object", "properties": {}}</c>.</summary>
    public JsonElement? Parameters { get; init; }
}
