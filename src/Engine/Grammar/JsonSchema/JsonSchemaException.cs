namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// A JSON Schema the converter cannot turn into a grammar: a keyword outside the supported subset, a malformed
/// schema (a <c>type</c> that is not a type name, <c>minimum</c> above <c>maximum</c>, a <c>$ref</c> that does not
/// resolve), or constraints no string could satisfy. The API answers it with HTTP 400, <c>param</c>
/// <c>response_format</c> and code <c>unsupported_schema</c> (<see cref="Keyword"/> set) or <c>invalid_schema</c>.
/// </summary>
public sealed class JsonSchemaException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">A sentence a student can act on; names the keyword and where it is.</param>
    /// <param name="path">JSON Pointer of the offending schema node, for example <c>/properties/name/pattern</c>
    /// (<c>""</c> for the root).</param>
    /// <param name="keyword">The unsupported keyword (for example <c>pattern</c>), or null when the schema is malformed
    /// rather than using something unsupported.</param>
    public JsonSchemaException(string message, string path, string? keyword = null) : base(message)
    {
        Path = path;
        Keyword = keyword;
    }

    /// <summary>JSON Pointer of the offending schema node (<c>""</c> for the root).</summary>
    public string Path { get; }

    /// <summary>The unsupported keyword, or null for a malformed schema.</summary>
    public string? Keyword { get; }
}
