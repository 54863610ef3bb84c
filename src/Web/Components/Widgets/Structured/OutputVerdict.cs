using System.Text.Json;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>How a reply fared: not JSON at all, JSON that breaks the schema, or valid.</summary>
public enum VerdictKind
{
    /// <summary>The whole reply (surrounding whitespace aside) does not parse as JSON.</summary>
    NotJson,

    /// <summary>It parses, but <see cref="JsonSchemaValidator"/> reports violations.</summary>
    SchemaInvalid,

    /// <summary>It parses and validates against the schema.</summary>
    Valid,
}

/// <summary>
/// The parse and validation verdict of one reply. A reply counts as JSON only when the whole text parses
/// (<see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/>, strict: no comments, no trailing commas, no
/// Markdown fence around it) — what a program calling <c>JsonSerializer.Deserialize</c> on the content would need.
/// </summary>
/// <param name="Kind">The verdict.</param>
/// <param name="ParseError">Why it is not JSON (<see cref="VerdictKind.NotJson"/> only).</param>
/// <param name="Errors">The schema violations (<see cref="VerdictKind.SchemaInvalid"/> only; empty otherwise).</param>
/// <param name="Value">The parsed document (a detached element), when it parsed.</param>
public sealed record OutputVerdict(VerdictKind Kind, string? ParseError, IReadOnlyList<JsonSchemaError> Errors, JsonElement? Value)
{
    /// <summary>Whether the reply parsed as JSON.</summary>
    public bool IsJson => Kind != VerdictKind.NotJson;

    /// <summary>Whether the reply validated.</summary>
    public bool IsValid => Kind == VerdictKind.Valid;

    /// <summary>A short label: <c>not JSON</c>, <c>JSON, N schema errors</c> or <c>valid</c>.</summary>
    public string Label => Kind switch
    {
        VerdictKind.NotJson => "not JSON",
        VerdictKind.SchemaInvalid => Errors.Count == 1 ? "JSON, 1 schema error" : $"JSON, {Errors.Count} schema errors",
        _ => "valid",
    };

    /// <summary>Parses <paramref name="reply"/> and validates it against <paramref name="schema"/>.</summary>
    /// <param name="schema">The schema.</param>
    /// <param name="reply">The model's reply.</param>
    /// <exception cref="JsonSchemaException">The schema itself is unsupported or malformed.</exception>
    public static OutputVerdict Judge(JsonElement schema, string reply)
    {
        JsonElement value;
        try
        {
            using var document = JsonDocument.Parse(reply);
            value = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return new(VerdictKind.NotJson, reply.Trim().Length == 0 ? "The reply is empty." : ex.Message, [], null);
        }
        var errors = JsonSchemaValidator.Validate(schema, value);
        return new(errors.Count == 0 ? VerdictKind.Valid : VerdictKind.SchemaInvalid, null, errors, value);
    }
}
