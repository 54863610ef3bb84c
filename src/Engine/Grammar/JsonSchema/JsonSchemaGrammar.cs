using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// JSON Schema → GBNF: the grammar that lets a model write only JSON valid under the schema (what llama.cpp's
/// <c>json-schema-to-grammar</c> does for llama-server's <c>response_format</c>). CONTRACT STUB: implemented by the
/// engine-schema work package.
/// </summary>
public static class JsonSchemaGrammar
{
    /// <summary>Converts <paramref name="schema"/> into a GBNF grammar whose root rule is <c>root</c>.</summary>
    /// <param name="schema">A JSON Schema (object or boolean <c>true</c>) in the supported subset.</param>
    /// <returns>GBNF text.</returns>
    /// <exception cref="JsonSchemaException">The schema uses an unsupported keyword or is malformed.</exception>
    public static string ToGbnf(JsonElement schema) => throw new NotImplementedException();

    /// <summary>The grammar of OpenAI's <c>response_format: {"type": "json_object"}</c>: any JSON object, with
    /// optional whitespace.</summary>
    public static string JsonObjectGbnf => throw new NotImplementedException();
}
