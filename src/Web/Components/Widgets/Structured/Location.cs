using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// The lecture's Location example as a real .NET type: a reply valid under <see cref="StructuredPrompt.LocationSchema"/>
/// deserializes into it with <see cref="JsonSerializer.Deserialize{TValue}(string, JsonSerializerOptions?)"/>
/// (no hand parsing), which is the point of schema-constrained decoding.
/// </summary>
public sealed record Location
{
    /// <summary>The place's name (JSON <c>name</c>).</summary>
    [JsonPropertyName("name")] public required string Name { get; init; }

    /// <summary>Its country (JSON <c>country</c>).</summary>
    [JsonPropertyName("country")] public required string Country { get; init; }

    /// <summary>Degrees north, −90..90 (JSON <c>latitude</c>).</summary>
    [JsonPropertyName("latitude")] public required double Latitude { get; init; }

    /// <summary>Degrees east, −180..180 (JSON <c>longitude</c>).</summary>
    [JsonPropertyName("longitude")] public required double Longitude { get; init; }

    /// <summary>Whether <paramref name="schema"/> describes this type: an object schema with exactly the properties
    /// name, country, latitude and longitude.</summary>
    /// <param name="schema">A schema.</param>
    public static bool Fits(JsonElement schema) =>
        schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
        && properties.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).SequenceEqual(["country", "latitude", "longitude", "name"]);

    /// <summary>Deserializes a valid reply (strict: unknown properties are an error, as <c>additionalProperties: false</c> says).</summary>
    /// <param name="json">The reply.</param>
    /// <exception cref="JsonException">The text does not fit the type.</exception>
    public static Location Parse(string json) =>
        JsonSerializer.Deserialize<Location>(json, StrictOptions) ?? throw new JsonException("The reply is JSON null.");

    private static readonly JsonSerializerOptions StrictOptions = new() { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };
}
