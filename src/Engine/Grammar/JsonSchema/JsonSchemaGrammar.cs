using System.Text.Json;

namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// JSON Schema → GBNF: the grammar that lets a model write only JSON valid under the schema, as llama.cpp's
/// <c>json-schema-to-grammar</c> does for llama-server's <c>response_format</c>.
/// </summary>
/// <remarks>
/// <para>The supported subset (draft 2020-12 names; draft-07 <c>definitions</c> too):</para>
/// <list type="bullet">
/// <item><c>type</c>: a name or an array of names (<c>["string", "null"]</c> = nullable); without <c>type</c>, the
/// types the other keywords imply, or any JSON value.</item>
/// <item>object: <c>properties</c> (written in declared order), <c>required</c> (mandatory; the others optional),
/// <c>additionalProperties</c>: <c>false</c> or absent = only declared properties are written; <c>true</c> or a
/// schema = further properties, with names other than the declared ones, may follow.</item>
/// <item>array: <c>items</c> (one schema), <c>minItems</c>, <c>maxItems</c>.</item>
/// <item>string: <c>minLength</c>, <c>maxLength</c> (code points), <c>format</c> <c>date</c>, <c>date-time</c>
/// (RFC 3339), <c>uuid</c>.</item>
/// <item>integer: <c>minimum</c>, <c>maximum</c>, <c>exclusiveMinimum</c>, <c>exclusiveMaximum</c> as digit-range
/// rules; number: the same with whole-number bounds (a fractional bound is rejected); at most 16 digits.</item>
/// <item><c>enum</c> and <c>const</c> of any JSON values (filtered by the rest of the schema), <c>boolean</c>,
/// <c>null</c>, <c>anyOf</c>, <c>oneOf</c> (written as anyOf: keep its alternatives disjoint), local
/// <c>$ref</c> (<c>#/$defs/…</c>, <c>#/definitions/…</c>, <c>#</c>; recursion allowed unless left-recursive).</item>
/// <item>Ignored annotations: <c>description</c>, <c>title</c>, <c>$schema</c>, <c>$id</c>, <c>default</c>,
/// <c>examples</c>, <c>$comment</c>. Anything else (<c>pattern</c>, <c>allOf</c>, <c>prefixItems</c>,
/// <c>uniqueItems</c>, other formats…) is a <see cref="JsonSchemaException"/>.</item>
/// </list>
/// <para>What the schema leaves unbounded is limited by <see cref="JsonSchemaGrammarOptions"/> (by default strings
/// of at most 128 characters and arrays of at most 16 items) so a small model cannot write until its context is
/// full. Whitespace between tokens is bounded (<c>space ::= | " " | "\n" [ \t]{0,20}</c>), so a model cannot spend
/// its budget on it. The grammar writes a subset of the valid documents (for example no exponents in bounded
/// numbers); every document it writes validates with <see cref="JsonSchemaValidator"/>.</para>
/// </remarks>
public static class JsonSchemaGrammar
{
    /// <summary>Converts <paramref name="schema"/> into a GBNF grammar whose root rule is <c>root</c>.</summary>
    /// <param name="schema">A JSON Schema (object or boolean <c>true</c>) in the supported subset.</param>
    /// <param name="options">Limits on what the schema leaves unbounded; null = <see cref="JsonSchemaGrammarOptions.Default"/>
    /// (strings of at most 128 characters, arrays of at most 16 items, unless the schema says otherwise).</param>
    /// <returns>GBNF text, one rule per line (<c>name ::= body</c>).</returns>
    /// <exception cref="JsonSchemaException">The schema uses an unsupported keyword or is malformed, or no value
    /// satisfies it.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is below 1.</exception>
    public static string ToGbnf(JsonElement schema, JsonSchemaGrammarOptions? options = null) =>
        GbnfSchemaConverter.Convert(schema, options ?? JsonSchemaGrammarOptions.Default);

    /// <summary>The grammar of OpenAI's <c>response_format: {"type": "json_object"}</c>: any JSON object, with
    /// bounded optional whitespace between tokens, within <see cref="JsonSchemaGrammarOptions.Default"/>'s limits
    /// (strings of at most 128 characters, at most 16 members or items per object or array).</summary>
    public static string JsonObjectGbnf => GbnfPrimitives.JsonObjectGrammar;
}
