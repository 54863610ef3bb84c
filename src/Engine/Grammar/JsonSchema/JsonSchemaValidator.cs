using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// Validates JSON documents against a schema in the subset <see cref="JsonSchemaGrammar"/> supports.
/// CONTRACT STUB: implemented by the engine-schema work package.
/// </summary>
public static class JsonSchemaValidator
{
    /// <summary>Validates <paramref name="instance"/> against <paramref name="schema"/>.</summary>
    /// <returns>Every violation found (empty when valid).</returns>
    /// <exception cref="JsonSchemaException">The schema itself is unsupported or malformed.</exception>
    public static IReadOnlyList<JsonSchemaError> Validate(JsonElement schema, JsonElement instance) => throw new NotImplementedException();

    /// <summary>Parses <paramref name="json"/> and validates it; text that is not JSON gives one error with keyword
    /// <c>json</c> and instance path <c>""</c>.</summary>
    /// <returns>Every violation found (empty when valid).</returns>
    /// <exception cref="JsonSchemaException">The schema itself is unsupported or malformed.</exception>
    public static IReadOnlyList<JsonSchemaError> Validate(JsonElement schema, string json) => throw new NotImplementedException();
}

/// <summary>One violation.</summary>
/// <param name="InstancePath">JSON Pointer into the document, for example <c>/latitude</c> (<c>""</c> = the root).</param>
/// <param name="Keyword">The schema keyword that failed, for example <c>required</c>, <c>maximum</c>, <c>type</c>.</param>
/// <param name="Message">A sentence naming the value and the rule.</param>
public sealed record JsonSchemaError(string InstancePath, string Keyword, string Message);
