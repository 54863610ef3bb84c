using System.Text.Json;
using System.Text.RegularExpressions;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Requests;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>
/// Turns a request's output constraint into the one GBNF grammar the engine runs: OpenAI's <c>response_format</c>
/// (<c>text</c>: none; <c>json_object</c>: <see cref="JsonSchemaGrammar.JsonObjectGbnf"/>; <c>json_schema</c>:
/// <see cref="JsonSchemaGrammar.ToGbnf"/> of <c>json_schema.schema</c>), llama-server's top-level <c>json_schema</c>,
/// or llama-server's raw <c>grammar</c>. At most one of the three may constrain a request (400 otherwise, as
/// llama-server answers). A schema the converter rejects is a 400 with <c>param</c> naming the field and code
/// <c>unsupported_schema</c> (a keyword outside the supported subset) or <c>invalid_schema</c> (a malformed schema).
/// </summary>
internal static partial class ResponseFormatMapper
{
    /// <summary>The grammar for <paramref name="body"/>, or null when its output is unconstrained.</summary>
    /// <exception cref="ApiRequestException">Conflicting constraints, an unknown <c>type</c>, a missing or invalid
    /// <c>json_schema.name</c> or <c>schema</c>, or a schema the converter rejects.</exception>
    public static string? ToGrammar(GenerationRequestBody body)
    {
        var grammar = string.IsNullOrWhiteSpace(body.Grammar) ? null : body.Grammar;
        var format = body.ResponseFormat;
        var formatType = format?.Type ?? (format is null ? null : "");
        var constrainedFormat = format is not null && formatType != "text";
        var topLevelSchema = Present(body.JsonSchema);

        if (constrainedFormat && grammar is not null)
            throw Conflict("response_format", "grammar");
        if (topLevelSchema is not null && grammar is not null)
            throw Conflict("json_schema", "grammar");
        if (constrainedFormat && topLevelSchema is not null)
            throw Conflict("response_format", "json_schema");

        if (topLevelSchema is { } top) return Convert(top, "json_schema", "json_schema");
        if (!constrainedFormat) return grammar;

        switch (formatType)
        {
            case "json_object":
                return Present(format!.Schema) is { } extra
                    ? Convert(extra, "response_format.schema", "response_format")
                    : JsonSchemaGrammar.JsonObjectGbnf;
            case "json_schema":
                return Convert(ReadJsonSchema(format!), "response_format.json_schema.schema", "response_format");
            default:
                throw new ApiRequestException(
                    $"'response_format.type' must be one of text, json_object, json_schema; got '{formatType}'.",
                    "response_format.type", ErrorMapping.InvalidValue);
        }
    }

    /// <summary>The message a client sees for a rejected schema: the converter's sentence, plus where in the schema
    /// (as a JSON Pointer fragment) when the sentence does not already say it.</summary>
    public static string Describe(JsonSchemaException error) => RequestValidator.DescribeSchemaError(error);

    private static JsonElement ReadJsonSchema(ResponseFormatBody format)
    {
        var spec = format.JsonSchema;
        if (spec is null)
        {
            if (Present(format.Schema) is { } bare) return bare;
            throw new ApiRequestException("'response_format.json_schema' is required when 'response_format.type' is 'json_schema'.",
                "response_format.json_schema", ErrorMapping.InvalidValue);
        }
        if (string.IsNullOrEmpty(spec.Name))
            throw new ApiRequestException("'response_format.json_schema.name' is required.", "response_format.json_schema.name", ErrorMapping.InvalidValue);
        if (!SchemaName().IsMatch(spec.Name))
        {
            throw new ApiRequestException(
                "'response_format.json_schema.name' must be 1 to 64 characters of a-z, A-Z, 0-9, '_' and '-'.",
                "response_format.json_schema.name", ErrorMapping.InvalidValue);
        }
        if (Present(spec.Schema) is not { } schema)
        {
            throw new ApiRequestException("'response_format.json_schema.schema' is required: the JSON Schema the output must follow.",
                "response_format.json_schema.schema", ErrorMapping.InvalidValue);
        }
        return schema;
    }

    /// <summary>Converts a schema; errors carry <paramref name="param"/> (the top-level request field, in OpenAI's
    /// manner: <c>response_format</c> or <c>json_schema</c>) and a message naming <paramref name="field"/>.</summary>
    private static string Convert(JsonElement schema, string field, string param)
    {
        if (schema.ValueKind is not (JsonValueKind.Object or JsonValueKind.True))
            throw new ApiRequestException($"'{field}' must be a JSON Schema object.", param, ErrorMapping.InvalidSchema);
        try
        {
            return JsonSchemaGrammar.ToGbnf(schema);
        }
        catch (JsonSchemaException e)
        {
            throw new ApiRequestException($"'{field}' cannot be used: {Describe(e)}", param, e.Keyword is null ? ErrorMapping.InvalidSchema : ErrorMapping.UnsupportedSchema);
        }
    }

    /// <summary>The element, or null when the field was absent or JSON <c>null</c>.</summary>
    private static JsonElement? Present(JsonElement? element) =>
        element is { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } value ? value : null;

    private static ApiRequestException Conflict(string first, string second) =>
        new($"'{first}' and '{second}' both constrain the output; send only one of them.", first, ErrorMapping.InvalidValue);

    /// <summary>OpenAI's rule for <c>json_schema.name</c>.</summary>
    [GeneratedRegex("^[A-Za-z0-9_-]{1,64}$")]
    private static partial Regex SchemaName();
}
