using System.Text.Json;

namespace Workbench.Engine.Tools;

/// <summary>One function the model may call (OpenAI <c>tools[]</c> item <c>{type: "function", function: {name,
/// description, parameters}}</c>).</summary>
/// <param name="Name">The function name: 1–64 characters of <c>a-z A-Z 0-9 _ -</c> (OpenAI's rule).</param>
/// <param name="Description">What the function does, shown to the model; null when absent.</param>
/// <param name="Parameters">The arguments' JSON Schema: an object schema (<c>{"type": "object", ...}</c>); an
/// absent <c>parameters</c> is read as <c>{"type": "object", "properties": {}}</c>, as OpenAI does.</param>
public sealed record ToolDefinition(string Name, string? Description, JsonElement Parameters);
