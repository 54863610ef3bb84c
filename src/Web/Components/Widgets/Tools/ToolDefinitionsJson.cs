using System.Text.Json;
using Workbench.Engine.Tools;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>The tool-definitions editor's text: a JSON array of OpenAI tools
/// (<c>[{"type": "function", "function": {"name", "description", "parameters"}}]</c>).</summary>
public static class ToolDefinitionsJson
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The editor's default text: <c>get_weather</c> and <c>convert_units</c> with the built-in tools'
    /// schemas (<see cref="WeatherTool"/>, <see cref="UnitConversionTool"/>), indented.</summary>
    /// <param name="tools">The built-in tools.</param>
    /// <param name="names">Which built-in tools to write, in order.</param>
    public static string Write(BuiltinTools tools, IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(tools);
        var items = tools.Select(names).Select(t => new
        {
            type = "function",
            function = new { name = t.Name, description = t.Description, parameters = t.JsonSchema },
        });
        return JsonSerializer.Serialize(items, Indented);
    }

    /// <summary>Reads the editor's text.</summary>
    /// <param name="text">The JSON text.</param>
    /// <returns>The tools, or null and a message naming what is wrong (the JSON error with line and column, or the
    /// item and field).</returns>
    public static (IReadOnlyList<ToolDefinition>? Tools, string? Error) Parse(string text)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            return (null, $"Not JSON: {ex.Message}");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Array) return (null, "The tools must be a JSON array of {\"type\": \"function\", \"function\": {…}} objects.");
            var tools = new List<ToolDefinition>();
            var index = 0;
            foreach (var item in root.EnumerateArray())
            {
                var at = $"tools[{index++}]";
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String || type.GetString() != "function")
                    return (null, $"{at}: each tool must be an object with \"type\": \"function\".");
                if (!item.TryGetProperty("function", out var function) || function.ValueKind != JsonValueKind.Object)
                    return (null, $"{at}.function: missing or not an object.");
                if (!function.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(name.GetString()))
                    return (null, $"{at}.function.name: missing or not a string.");
                string? description = function.TryGetProperty("description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                JsonElement parameters;
                if (function.TryGetProperty("parameters", out var p))
                {
                    if (p.ValueKind != JsonValueKind.Object) return (null, $"{at}.function.parameters: must be a JSON Schema object.");
                    parameters = p.Clone();
                }
                else
                {
                    parameters = JsonDocument.Parse("{\"type\":\"object\",\"properties\":{}}").RootElement.Clone();
                }
                tools.Add(new ToolDefinition(name.GetString()!, description, parameters));
            }
            if (tools.Count == 0) return (null, "The array is empty: give at least one tool.");
            return (tools, null);
        }
    }

    /// <summary>The <c>/v1/chat/completions</c> body equivalent to a widget request, indented (what an OpenAI client
    /// would send).</summary>
    /// <param name="model">The model id, or null.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="toolsJson">The editor's tools text (valid JSON).</param>
    /// <param name="choice">tool_choice.</param>
    /// <param name="parallel">parallel_tool_calls.</param>
    /// <param name="maxTokens">max_tokens sent.</param>
    /// <param name="seed">seed.</param>
    /// <param name="temperature">temperature.</param>
    public static string RequestBody(string? model, IEnumerable<Engine.Inference.PromptMessage> messages, string toolsJson, ToolChoice choice,
        bool parallel, int maxTokens, uint seed, double temperature)
    {
        using var tools = JsonDocument.Parse(toolsJson, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        object toolChoice = choice.Mode switch
        {
            ToolChoiceMode.Named => new { type = "function", function = new { name = choice.FunctionName } },
            ToolChoiceMode.None => "none",
            ToolChoiceMode.Required => "required",
            _ => "auto",
        };
        var body = new
        {
            model = model ?? "",
            messages = messages.Select(m => new { role = m.Role, content = m.Content }),
            tools = tools.RootElement,
            tool_choice = toolChoice,
            parallel_tool_calls = parallel,
            max_tokens = maxTokens,
            seed,
            temperature,
        };
        return JsonSerializer.Serialize(body, Indented);
    }
}
