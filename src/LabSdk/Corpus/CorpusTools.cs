// Part of the corpus SDK of lab 09 "new-tool-corpus" (labs/09-watch-a-model-learn): the shape a training
// conversation has when a student's generator writes it in the grading sandbox; the grader reads it as JSON.
using System.Text.Json.Nodes;

namespace Workbench.LabSdk.Corpus;

/// <summary>The tool definitions a conversation can offer. Each call returns a fresh object (a JSON node has one
/// parent, so one object cannot sit in two conversations).</summary>
public static class CorpusTools
{
    /// <summary>The new tool: <c>get_exchange_rate {base: string, quote: string}</c>, ISO 4217 codes in upper case.</summary>
    public static JsonObject GetExchangeRate() => Parse("""
        {"type":"function","function":{"name":"get_exchange_rate","description":"Get the current exchange rate between two currencies: how many units of the quote currency one unit of the base currency buys.","parameters":{"type":"object","properties":{"base":{"type":"string","description":"ISO 4217 code of the currency converted from, for example USD"},"quote":{"type":"string","description":"ISO 4217 code of the currency converted to, for example JPY"}},"required":["base","quote"],"additionalProperties":false}}}
        """);

    /// <summary>The built-in weather tool, as the tool calling module sends it (for conversations where the user
    /// asks about money while only the weather tool is offered, or the other way round).</summary>
    public static JsonObject GetWeather() => Parse("""
        {"type":"function","function":{"name":"get_weather","description":"Get the current weather in a city (simulated data, not a real forecast).","parameters":{"type":"object","properties":{"city":{"type":"string","description":"The city name, e.g. Paris"},"unit":{"type":"string","enum":["celsius","fahrenheit"],"description":"Temperature unit; default celsius"}},"required":["city"],"additionalProperties":false}}}
        """);

    private static JsonObject Parse(string json) => (JsonObject)JsonNode.Parse(json)!;
}
