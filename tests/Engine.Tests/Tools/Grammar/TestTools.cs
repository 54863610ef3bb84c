using System.Text.Json;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Tests.Tools.Grammar;

/// <summary>Tools whose schemas exercise the converter: enums, bounded integers and numbers, optional fields, a
/// nested object, an array, a date, a boolean, and no properties at all.</summary>
public static class TestTools
{
    public static ToolDefinition Tool(string name, string parameters) =>
        new(name, null, JsonDocument.Parse(parameters).RootElement.Clone());

    public static ToolDefinition Weather { get; } = Tool("get_weather", """
        {"type":"object","properties":{
          "location":{"type":"string","maxLength":40},
          "unit":{"type":"string","enum":["celsius","fahrenheit"]}},
         "required":["location"]}
        """);

    public static ToolDefinition Alarm { get; } = Tool("set_alarm", """
        {"type":"object","properties":{
          "hour":{"type":"integer","minimum":0,"maximum":23},
          "minute":{"type":"integer","minimum":0,"maximum":59},
          "label":{"type":"string","maxLength":20},
          "repeat":{"type":"boolean"},
          "volume":{"type":"number","minimum":0,"maximum":10}},
         "required":["hour","minute"],"additionalProperties":false}
        """);

    public static ToolDefinition Event { get; } = Tool("create-event", """
        {"type":"object","properties":{
          "title":{"type":"string","minLength":1,"maxLength":30},
          "when":{"type":"object","properties":{
             "day":{"type":"string","format":"date"},
             "slot":{"enum":["morning","afternoon",3]}},
           "required":["day"]},
          "attendees":{"type":"array","items":{"type":"string","maxLength":12},"maxItems":3}},
         "required":["title","when"]}
        """);

    public static ToolDefinition Ping { get; } = Tool("ping", """{"type":"object","properties":{}}""");

    /// <summary>All four.</summary>
    public static IReadOnlyList<ToolDefinition> All { get; } = [Weather, Alarm, Event, Ping];
}
