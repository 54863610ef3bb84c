using System.Text.Json;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>
/// What each <see cref="OutputMode"/> sends: the messages (the same user prompt in every mode; modes other than
/// free text add a system message with "return JSON only" and the schema) and the GBNF grammar, if any. Also the
/// defaults of the structured-output widgets: the lecture's Location schema and its prompt.
/// </summary>
public static class StructuredPrompt
{
    /// <summary>The lecture's example: a place with name, country, latitude (−90..90) and longitude (−180..180),
    /// all required, no other properties.</summary>
    public const string LocationSchema = """
        {
          "title": "Location",
          "type": "object",
          "properties": {
            "name": { "type": "string" },
            "country": { "type": "string" },
            "latitude": { "type": "number", "minimum": -90, "maximum": 90 },
            "longitude": { "type": "number", "minimum": -180, "maximum": 180 }
          },
          "required": ["name", "country", "latitude", "longitude"],
          "additionalProperties": false
        }
        """;

    /// <summary>The default user prompt.</summary>
    public const string DefaultPrompt = "Where is Paris? Give its name, country, latitude and longitude.";

    /// <summary>The system message of the JSON modes; <c>{schema}</c> is replaced by the schema in compact form.</summary>
    public const string InstructionTemplate = "Return JSON only, with no other text. The JSON must match this JSON Schema: {schema}";

    /// <summary>The display name of <paramref name="mode"/>.</summary>
    /// <param name="mode">The mode.</param>
    public static string Label(OutputMode mode) => mode switch
    {
        OutputMode.FreeText => "Free text",
        OutputMode.PromptOnly => "Prompt-only",
        OutputMode.JsonMode => "JSON mode",
        OutputMode.SchemaConstrained => "Schema-constrained",
        _ => mode.ToString(),
    };

    /// <summary>One sentence on what <paramref name="mode"/> does.</summary>
    /// <param name="mode">The mode.</param>
    public static string Explain(OutputMode mode) => mode switch
    {
        OutputMode.FreeText => "The prompt alone: whatever the model writes.",
        OutputMode.PromptOnly => "A system message asks for JSON only and gives the schema; nothing enforces it.",
        OutputMode.JsonMode => "response_format json_object: a grammar lets the model write only a JSON object, any object.",
        OutputMode.SchemaConstrained => "response_format json_schema: a grammar built from the schema masks every token that would break it.",
        _ => "",
    };

    /// <summary>The messages sent in <paramref name="mode"/>.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="prompt">The user prompt.</param>
    /// <param name="schema">The schema (written compactly into the system message of the JSON modes).</param>
    public static IReadOnlyList<PromptMessage> Messages(OutputMode mode, string prompt, JsonElement schema)
    {
        if (mode == OutputMode.FreeText) return [new("user", prompt)];
        var compact = JsonSerializer.Serialize(schema);
        return [new("system", InstructionTemplate.Replace("{schema}", compact, StringComparison.Ordinal)), new("user", prompt)];
    }

    /// <summary>The GBNF grammar of <paramref name="mode"/>, or null for the unconstrained modes.</summary>
    /// <param name="mode">The mode.</param>
    /// <param name="schema">The schema.</param>
    /// <exception cref="JsonSchemaException">Schema-constrained mode and a schema the converter does not support.</exception>
    public static string? Grammar(OutputMode mode, JsonElement schema) => mode switch
    {
        OutputMode.JsonMode => JsonSchemaGrammar.JsonObjectGbnf,
        OutputMode.SchemaConstrained => JsonSchemaGrammar.ToGbnf(schema),
        _ => null,
    };

    /// <summary>The heading of a rejected schema's error: <c>Unsupported schema keyword 'k' at '/path':</c> for a
    /// keyword outside the supported subset, <c>Invalid schema at '/path':</c> otherwise (<c>/</c> = the root).</summary>
    /// <param name="error">The converter's error.</param>
    public static string SchemaErrorTitle(JsonSchemaException error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var at = error.Path.Length == 0 ? "/" : error.Path;
        return error.Keyword is { } keyword ? $"Unsupported schema keyword '{keyword}' at '{at}':" : $"Invalid schema at '{at}':";
    }

    /// <summary>Parses the schema text from the editor.</summary>
    /// <param name="text">JSON text.</param>
    /// <returns>The schema (a detached element), or the parse error message.</returns>
    public static (JsonElement? Schema, string? Error) ParseSchema(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            if (document.RootElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
                return (null, "A JSON Schema is a JSON object (or true).");
            return (document.RootElement.Clone(), null);
        }
        catch (JsonException ex)
        {
            return (null, $"The schema is not valid JSON: {ex.Message}");
        }
    }
}
