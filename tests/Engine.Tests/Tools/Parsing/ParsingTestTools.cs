using System.Text.Json;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Tests.Tools.Parsing;

/// <summary>Tool definitions the parser tests call.</summary>
public static class ParsingTestTools
{
    /// <summary>get_weather(city: string, days: integer, metric: boolean, where: object) and search(q: string).</summary>
    public static IReadOnlyList<ToolDefinition> WeatherAndSearch { get; } =
    [
        Tool("get_weather", """{"type": "object", "properties": {"city": {"type": "string"}, "days": {"type": "integer"}, "metric": {"type": "boolean"}, "where": {"type": "object"}, "tags": {"type": ["array", "null"]}}}"""),
        Tool("search", """{"type": "object", "properties": {"q": {"type": "string"}}}"""),
    ];

    /// <summary>A tool named <paramref name="name"/> with the schema <paramref name="parametersJson"/>.</summary>
    public static ToolDefinition Tool(string name, string parametersJson) => new(name, null, JsonDocument.Parse(parametersJson).RootElement.Clone());
}
