using System.Text.Json;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Property;

/// <summary>
/// The JSON expectations of a property check: the completion parses as JSON, validates against the student's
/// schema (<c>target: json-schema</c>) and against the check's hidden <see cref="PropertyCheck.ValidAgainst"/> schema,
/// and has the <see cref="PropertyCheck.RequiredFields"/> with their types. Validation uses
/// <see cref="JsonSchemaValidator"/>; the first violation is described for the student.
/// </summary>
internal static class JsonExpectations
{
    /// <summary>Whether the check (or the target) asks for JSON at all.</summary>
    public static bool Apply(PropertyCheck property, JsonElement? studentSchema) =>
        studentSchema is not null || property.ValidAgainst is not null || property.RequiredFields is not null;

    /// <summary>The first JSON expectation <paramref name="completion"/> breaks, described for the student, or null.</summary>
    /// <param name="property">The check.</param>
    /// <param name="studentSchema">The student's schema, for a json-schema exercise.</param>
    /// <param name="completion">The generated text.</param>
    /// <param name="finish">Why generation stopped (a cut-off output says so).</param>
    /// <param name="shown">The completion as quoted in messages.</param>
    public static string? Evaluate(PropertyCheck property, JsonElement? studentSchema, string completion, FinishReason? finish, string shown)
    {
        if (!Apply(property, studentSchema)) return null;
        JsonElement output;
        try
        {
            using var document = JsonDocument.Parse(completion);
            output = document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return finish == FinishReason.Length
                ? $"the output was cut off at max_tokens before its JSON ended (bound strings with maxLength and arrays with maxItems): {shown}"
                : $"the output is not valid JSON: {shown}";
        }
        if (studentSchema is { } own)
        {
            try
            {
                if (FirstError(own, output) is { } ownError) return $"the output does not validate against your schema: {ownError} (output: {shown})";
            }
            catch (JsonSchemaException e)
            {
                return StudentSchema.Rejected(e);
            }
        }
        if (property.ValidAgainst is { } reference)
        {
            using var referenceDocument = JsonDocument.Parse(reference);
            try
            {
                if (FirstError(referenceDocument.RootElement, output) is { } error)
                    return $"the output breaks a rule of the exercise: {error} (output: {shown})";
            }
            catch (JsonSchemaException e)
            {
                // A content bug, not the student's: the hidden schema uses something the validator does not support.
                return $"the exercise's own schema cannot be checked ({e.Message}); tell your instructor";
            }
        }
        return property.RequiredFields is { } fields ? MissingField(fields, output, shown) : null;
    }

    private static string? FirstError(JsonElement schema, JsonElement output)
    {
        // The validator's messages name the instance path ("/year: 10 is below the minimum 1450.").
        var errors = JsonSchemaValidator.Validate(schema, output);
        return errors.Count == 0 ? null : errors[0].Message.TrimEnd('.');
    }

    private static string? MissingField(IReadOnlyList<RequiredField> fields, JsonElement output, string shown)
    {
        if (output.ValueKind != JsonValueKind.Object) return $"the output is a JSON {TypeOf(output)}, not an object: {shown}";
        foreach (var field in fields)
        {
            if (!output.TryGetProperty(field.Name, out var value)) return $"the output has no \"{field.Name}\" member: {shown}";
            if (field.Type is { } type && !HasType(value, type))
                return $"\"{field.Name}\" is a JSON {TypeOf(value)}; expected {Article(type)} {type}: {shown}";
        }
        return null;
    }

    private static bool HasType(JsonElement value, string type) => type switch
    {
        "integer" => value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out var number) && number == decimal.Truncate(number),
        "number" => value.ValueKind == JsonValueKind.Number,
        _ => TypeOf(value) == type,
    };

    private static string TypeOf(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };

    private static string Article(string type) => type is "integer" or "array" or "object" ? "an" : "a";
}
