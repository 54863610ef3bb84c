using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Workbench.Engine.Serving.Wire;

/// <summary>Reads a chat message's <c>content</c>: null, a string, or an array of content parts of which the
/// <c>text</c> parts are concatenated (other part types such as images are rejected). Writes a string.</summary>
internal sealed class MessageContentConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String:
                return reader.GetString();
            case JsonTokenType.StartArray:
                var text = new StringBuilder();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    using var part = JsonDocument.ParseValue(ref reader);
                    var root = part.RootElement;
                    if (root.ValueKind == JsonValueKind.String)
                    {
                        text.Append(root.GetString());
                        continue;
                    }
                    if (root.ValueKind != JsonValueKind.Object
                        || !root.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                        || type.GetString() != "text"
                        || !root.TryGetProperty("text", out var partText) || partText.ValueKind != JsonValueKind.String)
                    {
                        throw new JsonException("Only text content parts ({\"type\":\"text\",\"text\":...}) are supported.");
                    }
                    text.Append(partText.GetString());
                }
                return text.ToString();
            default:
                throw new JsonException("Message content must be a string or an array of content parts.");
        }
    }

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}
