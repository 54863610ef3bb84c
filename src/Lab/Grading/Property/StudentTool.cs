using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Tools;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// A student's tool definition (the file of a <c>target: tool-schema</c> exercise), in OpenAI's <c>tools[]</c> item
/// shape <c>{"type": "function", "function": {"name", "description", "parameters"}}</c>, and the GBNF grammar
/// <see cref="JsonSchemaGrammar.ToGbnf"/> makes of its <c>parameters</c>: what a forced call's arguments are
/// constrained by (<see cref="ForcedToolCall"/>).
/// </summary>
/// <param name="Tool">The parsed definition; <see cref="ToolDefinition.Parameters"/> is a detached clone.</param>
/// <param name="ArgumentsGrammar">The GBNF grammar of the arguments object, root rule <c>root</c>.</param>
internal sealed partial record StudentTool(ToolDefinition Tool, string ArgumentsGrammar)
{
    /// <summary>Parses <paramref name="json"/> and converts its parameters schema to a grammar.</summary>
    /// <returns>The tool, or an error message for the student: not JSON, not a function tool, a bad name (OpenAI:
    /// 1–64 of <c>a-z A-Z 0-9 _ -</c>), parameters that are not an object schema, or a schema the converter rejects
    /// (the keyword and its JSON Pointer).</returns>
    public static (StudentTool? Tool, string? Error) Parse(string json)
    {
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"Your tool definition is not valid JSON: {e.Message}");
        }
        if (root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function"
            || !root.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
            return (null, "Your tool definition must be an OpenAI tool: {\"type\": \"function\", \"function\": {\"name\": …, \"description\": …, \"parameters\": {…}}}.");
        if (!function.TryGetProperty("name", out var nameElement) || nameElement.ValueKind != JsonValueKind.String
            || !FunctionName().IsMatch(nameElement.GetString()!))
            return (null, "function.name must be 1 to 64 letters, digits, '_' or '-' (OpenAI's rule).");
        string? description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        var parameters = function.TryGetProperty("parameters", out var p) ? p : EmptyParameters();
        if (parameters.ValueKind != JsonValueKind.Object
            || !parameters.TryGetProperty("type", out var parametersType) || parametersType.ValueKind != JsonValueKind.String || parametersType.GetString() != "object")
            return (null, "function.parameters must be an object schema ({\"type\": \"object\", \"properties\": {…}}): a call's arguments are always one JSON object.");
        try
        {
            return (new StudentTool(new ToolDefinition(nameElement.GetString()!, description, parameters), JsonSchemaGrammar.ToGbnf(parameters)), null);
        }
        catch (JsonSchemaException e)
        {
            return (null, $"Your parameters schema was rejected: {e.Message}");
        }
    }

    /// <summary>What OpenAI reads an absent <c>parameters</c> as.</summary>
    private static JsonElement EmptyParameters()
    {
        using var document = JsonDocument.Parse("""{"type": "object", "properties": {}}""");
        return document.RootElement.Clone();
    }

    [GeneratedRegex("^[a-zA-Z0-9_-]{1,64}$")]
    private static partial Regex FunctionName();
}
