using System.Text;
using System.Text.Json;

namespace Workbench.Engine.Tools.Parsing;

/// <summary>JSON text pieces for the arguments the parsers build: string escaping (RFC 8259: quote, backslash and
/// control characters; everything else as is) and schema-typed values.</summary>
internal static class JsonText
{
    public static void AppendEscaped(StringBuilder to, ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            switch (c)
            {
                case '"': to.Append("\\\""); break;
                case '\\': to.Append("\\\\"); break;
                case '\n': to.Append("\\n"); break;
                case '\r': to.Append("\\r"); break;
                case '\t': to.Append("\\t"); break;
                case '\b': to.Append("\\b"); break;
                case '\f': to.Append("\\f"); break;
                default:
                    if (c < ' ')
                    {
                        to.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        to.Append(c);
                    }
                    break;
            }
        }
    }

    /// <summary>The compact JSON of a Qwen3-Coder value of schema type <paramref name="type"/> (integer, number,
    /// boolean, object, array, null…): the trimmed text parsed as JSON (Python's <c>True</c>/<c>False</c>/<c>None</c>
    /// accepted, as the template's <c>| string</c> writes them); null when it does not parse.</summary>
    public static string? TypedValue(string text, string type)
    {
        string trimmed = text.Trim();
        switch (trimmed)
        {
            case "True": return "true";
            case "False": return "false";
            case "None": return "null";
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(trimmed);
            JsonValueKind kind = document.RootElement.ValueKind;
            bool fits = type switch
            {
                "integer" or "number" => kind == JsonValueKind.Number,
                "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
                "object" => kind == JsonValueKind.Object,
                "array" => kind == JsonValueKind.Array,
                _ => true,
            };
            return fits || kind == JsonValueKind.Null ? JsonCallScanner.Compact(document.RootElement) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
