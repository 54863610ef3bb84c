using System.Text.Json;
using Workbench.Engine.Grammar.JsonSchema;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// A student's JSON Schema (the file of a <c>target: json-schema</c> exercise) and the GBNF grammar
/// <see cref="JsonSchemaGrammar.ToGbnf"/> makes of it: the grader generates under the grammar and validates every
/// output against <see cref="Schema"/>.
/// </summary>
/// <param name="Schema">The parsed schema (a detached clone, safe to keep).</param>
/// <param name="Grammar">The GBNF grammar, root rule <c>root</c>.</param>
internal sealed record StudentSchema(JsonElement Schema, string Grammar)
{
    /// <summary>Parses <paramref name="json"/> and converts it to a grammar.</summary>
    /// <returns>The schema, or an error message for the student: the text is not JSON, or the converter rejected
    /// the schema (an unsupported keyword or a malformed schema, with its JSON Pointer).</returns>
    public static (StudentSchema? Schema, string? Error) Parse(string json)
    {
        JsonElement schema;
        try
        {
            using var document = JsonDocument.Parse(json);
            schema = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            return (null, $"Your schema is not valid JSON: {e.Message}");
        }
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
        {
            return (null, "Your schema must be a JSON object, for example {\"type\": \"object\", \"properties\": {…}}.");
        }
        try
        {
            return (new StudentSchema(schema, JsonSchemaGrammar.ToGbnf(schema)), null);
        }
        catch (JsonSchemaException e)
        {
            return (null, Rejected(e));
        }
    }

    /// <summary><c>Your schema was rejected: …</c> with the converter's message, which names the keyword and its
    /// location in the schema.</summary>
    public static string Rejected(JsonSchemaException e) => $"Your schema was rejected: {e.Message}";
}
