using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;

namespace Workbench.Lab.Tools.Builtin;

/// <summary>
/// <c>get_time {city: string}</c>: the current local time in a city of <see cref="Cities"/>, through its IANA time
/// zone (<see cref="TimeZoneInfo.FindSystemTimeZoneById"/>, the OS's tzdata). The result is a JSON object: city,
/// IANA zone, ISO 8601 local time with offset, UTC offset, weekday. An unknown city is an error result listing the
/// known ones.
/// </summary>
/// <param name="clock">The clock (tests pass a fixed one); null = <see cref="TimeProvider.System"/>.</param>
public sealed class TimeTool(TimeProvider? clock = null)
    : BuiltinTool(ToolName, "Get the current local time in a city.", Schema)
{
    /// <summary>The function name.</summary>
    public const string ToolName = "get_time";

    /// <summary>The parameters' JSON schema.</summary>
    public const string Schema = """
        {"type":"object","properties":{"city":{"type":"string","description":"The city name, e.g. Tokyo"}},"required":["city"],"additionalProperties":false}
        """;

    /// <summary>The known cities (matched case-insensitively) and their IANA time zone ids.</summary>
    public static readonly FrozenDictionary<string, string> Cities = new Dictionary<string, string>
    {
        ["London"] = "Europe/London", ["Paris"] = "Europe/Paris", ["Berlin"] = "Europe/Berlin",
        ["Madrid"] = "Europe/Madrid", ["Rome"] = "Europe/Rome", ["Amsterdam"] = "Europe/Amsterdam",
        ["Moscow"] = "Europe/Moscow", ["Istanbul"] = "Europe/Istanbul", ["Cairo"] = "Africa/Cairo",
        ["Lagos"] = "Africa/Lagos", ["Johannesburg"] = "Africa/Johannesburg", ["Dubai"] = "Asia/Dubai",
        ["Mumbai"] = "Asia/Kolkata", ["Delhi"] = "Asia/Kolkata", ["Singapore"] = "Asia/Singapore",
        ["Beijing"] = "Asia/Shanghai", ["Shanghai"] = "Asia/Shanghai", ["Hong Kong"] = "Asia/Hong_Kong",
        ["Seoul"] = "Asia/Seoul", ["Tokyo"] = "Asia/Tokyo", ["Sydney"] = "Australia/Sydney",
        ["Auckland"] = "Pacific/Auckland", ["Honolulu"] = "Pacific/Honolulu", ["Los Angeles"] = "America/Los_Angeles",
        ["Denver"] = "America/Denver", ["Chicago"] = "America/Chicago", ["New York"] = "America/New_York",
        ["Toronto"] = "America/Toronto", ["Mexico City"] = "America/Mexico_City", ["São Paulo"] = "America/Sao_Paulo",
        ["Buenos Aires"] = "America/Argentina/Buenos_Aires", ["UTC"] = "Etc/UTC",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);

    private readonly TimeProvider clock = clock ?? TimeProvider.System;

    /// <inheritdoc/>
    protected override ValueTask<string> RunAsync(JsonElement arguments, CancellationToken cancellationToken)
    {
        var city = (ReadString(arguments, "city") ?? "").Trim();
        if (!Cities.TryGetValue(city, out var zoneId))
            throw new ToolException($"Unknown city '{city}'. Known cities: {string.Join(", ", Cities.Keys.Order(StringComparer.Ordinal))}.");
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        var result = new
        {
            city = Cities.Keys.First(k => string.Equals(k, city, StringComparison.OrdinalIgnoreCase)),
            time_zone = zoneId,
            local_time = local.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture),
            utc_offset = local.ToString("zzz", CultureInfo.InvariantCulture),
            weekday = local.DayOfWeek.ToString(),
        };
        return ValueTask.FromResult(ToJson(result));
    }
}
