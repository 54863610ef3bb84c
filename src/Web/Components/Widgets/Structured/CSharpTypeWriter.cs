using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.CodeAnalysis.CSharp;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// Writes C# for a JSON Schema and a value of it: record declarations (one per object schema; required properties
/// are <c>required</c>, optional ones nullable; <c>[JsonPropertyName]</c> keeps the JSON names) and the value as a
/// C# object initializer of those records — what a typed client (for example OpenAI's .NET SDK with a
/// <c>ChatResponseFormat.CreateJsonSchemaFormat</c> and <c>JsonSerializer.Deserialize&lt;T&gt;</c>) gives you.
/// Types: string (format date → DateOnly, date-time → DateTimeOffset, uuid → Guid), integer → long, number →
/// double, boolean → bool, array → IReadOnlyList&lt;T&gt;, <c>type: [T, "null"]</c> or <c>anyOf: [T, {type: null}]</c>
/// → T?, local <c>$ref</c> → the definition's record; anything else (mixed anyOf, untyped) → JsonElement.
/// </summary>
public static class CSharpTypeWriter
{
    /// <summary>The record declarations for <paramref name="schema"/>, root first.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="rootName">The root record's name; the schema's <c>title</c> (PascalCased) or <c>Result</c> when null.</param>
    public static string Declarations(JsonElement schema, string? rootName = null)
    {
        var model = new CSharpTypeModel(schema);
        model.TypeOf(schema, RootName(schema, rootName));
        var text = new StringBuilder();
        foreach (var record in model.Records)
        {
            if (text.Length > 0) text.Append('\n');
            text.Append("public sealed record ").Append(record.Name).Append("\n{\n");
            foreach (var property in record.Properties)
            {
                text.Append("    [JsonPropertyName(").Append(Literal(property.JsonName)).Append(")] public ")
                    .Append(property.Required ? "required " : "").Append(property.Required ? property.Type.Name : property.Type.Nullable().Name)
                    .Append(' ').Append(property.Name).Append(" { get; init; }\n");
            }
            text.Append("}\n");
        }
        return text.ToString();
    }

    /// <summary>The value as a C# expression: <c>new Location { Name = "Paris", ... }</c>.</summary>
    /// <param name="schema">The schema the value validated against.</param>
    /// <param name="value">The value.</param>
    /// <param name="rootName">As for <see cref="Declarations"/>.</param>
    public static string Initializer(JsonElement schema, JsonElement value, string? rootName = null)
    {
        var model = new CSharpTypeModel(schema);
        var type = model.TypeOf(schema, RootName(schema, rootName));
        var text = new StringBuilder();
        Write(text, type, value, 0);
        return text.Append(';').ToString();
    }

    private static string RootName(JsonElement schema, string? rootName) =>
        rootName ?? (schema.ValueKind == JsonValueKind.Object && schema.TryGetProperty("title", out var title) && title.ValueKind == JsonValueKind.String
            ? CSharpTypeModel.Pascal(title.GetString()!) : "Result");

    private static void Write(StringBuilder text, CSharpType type, JsonElement value, int depth)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            text.Append("null");
            return;
        }
        switch (type.Kind)
        {
            case CSharpTypeKind.Record when value.ValueKind == JsonValueKind.Object:
                var indent = new string(' ', 4 * (depth + 1));
                text.Append("new ").Append(type.Record!.Name).Append('\n').Append(' ', 4 * depth).Append("{\n");
                foreach (var property in type.Record.Properties)
                {
                    if (!value.TryGetProperty(property.JsonName, out var item)) continue;
                    text.Append(indent).Append(property.Name).Append(" = ");
                    Write(text, property.Type, item, depth + 1);
                    text.Append(",\n");
                }
                text.Append(' ', 4 * depth).Append('}');
                return;
            case CSharpTypeKind.List when value.ValueKind == JsonValueKind.Array:
                text.Append('[');
                var first = true;
                foreach (var item in value.EnumerateArray())
                {
                    if (!first) text.Append(", ");
                    first = false;
                    Write(text, type.Element!, item, depth);
                }
                text.Append(']');
                return;
            case CSharpTypeKind.Scalar when value.ValueKind == JsonValueKind.String:
                var literal = Literal(value.GetString()!);
                text.Append(type.Name.TrimEnd('?') switch
                {
                    "DateOnly" => $"DateOnly.Parse({literal}, CultureInfo.InvariantCulture)",
                    "DateTimeOffset" => $"DateTimeOffset.Parse({literal}, CultureInfo.InvariantCulture)",
                    "Guid" => $"Guid.Parse({literal})",
                    _ => literal,
                });
                return;
            case CSharpTypeKind.Scalar when value.ValueKind is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False:
                text.Append(value.GetRawText());
                return;
            default:
                text.Append("JsonDocument.Parse(").Append(Literal(value.GetRawText())).Append(").RootElement");
                return;
        }
    }

    /// <summary>A C# string literal for <paramref name="value"/> (regular, escaped), as Roslyn writes one
    /// (<c>SymbolDisplay.FormatLiteral</c>).</summary>
    /// <param name="value">Any text.</param>
    public static string Literal(string value) => SymbolDisplay.FormatLiteral(value, quote: true);
}
