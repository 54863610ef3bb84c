using System.Text;
using System.Text.Json;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// <c>get_weather {city: string, unit?: "celsius" | "fahrenheit"}</c>: a <b>simulated</b> current weather, with no
/// network. The weather of a city is a pure function of its name (trimmed, lower-cased, NFC): the 32-bit FNV-1a
/// hash of its UTF-8 bytes picks the condition (hash mod 8 into <see cref="Conditions"/>), the temperature
/// (−5..34 °C: hash / 8 mod 40 − 5), the humidity (20..95 %: hash / 320 mod 76 + 20) and the wind (0..39 km/h:
/// hash / 24320 mod 40). Fahrenheit is °C × 9/5 + 32, rounded. The result is a JSON object with
/// <c>"source": "simulated"</c>.
/// </summary>
public sealed class WeatherTool() : BuiltinTool(ToolName, "Get the current weather in a city (simulated data, not a real forecast).", Schema)
{
    /// <summary>The function name.</summary>
    public const string ToolName = "get_weather";

    /// <summary>The parameters' JSON schema.</summary>
    public const string Schema = """
        {"type":"object","properties":{"city":{"type":"string","description":"The city name, e.g. Paris"},"unit":{"type":"string","enum":["celsius","fahrenheit"],"description":"Temperature unit; default celsius"}},"required":["city"],"additionalProperties":false}
        """;

    /// <summary>The conditions, indexed by hash mod 8.</summary>
    public static readonly IReadOnlyList<string> Conditions =
        ["sunny", "partly cloudy", "cloudy", "light rain", "heavy rain", "thunderstorm", "snow", "fog"];

    /// <inheritdoc/>
    protected override ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var city = (ReadString(arguments, "city") ?? "").Trim();
        if (city.Length == 0) throw new ToolException("get_weather needs a city name.");
        bool fahrenheit = ReadString(arguments, "unit") == "fahrenheit";
        uint hash = Fnv1a(city.Normalize(NormalizationForm.FormC).ToLowerInvariant());
        int celsius = (int)(hash / 8 % 40) - 5;
        var result = new
        {
            city,
            temperature = fahrenheit ? (int)Math.Round(celsius * 9 / 5.0 + 32) : celsius,
            unit = fahrenheit ? "fahrenheit" : "celsius",
            condition = Conditions[(int)(hash % 8)],
            humidity_percent = (int)(hash / 320 % 76) + 20,
            wind_kmh = (int)(hash / 24320 % 40),
            source = "simulated",
        };
        return ValueTask.FromResult(ToJson(result));
    }

    /// <summary>32-bit FNV-1a of the UTF-8 bytes (offset basis 2166136261, prime 16777619).</summary>
    internal static uint Fnv1a(string text)
    {
        uint hash = 2166136261;
        foreach (byte b in Encoding.UTF8.GetBytes(text)) hash = (hash ^ b) * 16777619;
        return hash;
    }

    /// <summary>The temperature in °C the table gives <paramref name="city"/> (for tests and docs).</summary>
    internal static int CelsiusOf(string city) =>
        (int)(Fnv1a(city.Trim().Normalize(NormalizationForm.FormC).ToLowerInvariant()) / 8 % 40) - 5;

}
