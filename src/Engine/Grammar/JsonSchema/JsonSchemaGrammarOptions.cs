namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>
/// Limits the converter puts on what a schema leaves unbounded, so that a small model in a small context window
/// (the workbench's default: n_ctx 512) cannot write a string, an array or a free-form object until it runs out of
/// tokens and leaves invalid, truncated JSON. llama.cpp's converter has no such limits (set both to null for its
/// behaviour). A schema's own <c>maxLength</c>/<c>maxItems</c> always wins, also above these limits, and the output
/// stays valid under the schema: the limits only narrow what the grammar writes.
/// </summary>
public sealed record JsonSchemaGrammarOptions
{
    /// <summary>The defaults: 128 characters, 16 items.</summary>
    public static JsonSchemaGrammarOptions Default { get; } = new();

    /// <summary>Most characters (code points) in a string whose schema has no <c>maxLength</c> (and in a property
    /// name of a free-form object); at least the schema's <c>minLength</c>. Null = unbounded. Default 128.</summary>
    public int? MaxStringLength { get; init; } = 128;

    /// <summary>Most items in an array whose schema has no <c>maxItems</c>, and most members in a free-form object
    /// (<c>json_object</c>, <c>additionalProperties</c>); at least the schema's <c>minItems</c>. Null = unbounded.
    /// Default 16.</summary>
    public int? MaxItems { get; init; } = 16;

    /// <summary>Checks the limits.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit is below 1.</exception>
    public void Validate()
    {
        if (MaxStringLength < 1) throw new ArgumentOutOfRangeException(nameof(MaxStringLength), MaxStringLength, "MaxStringLength must be at least 1 (or null).");
        if (MaxItems < 1) throw new ArgumentOutOfRangeException(nameof(MaxItems), MaxItems, "MaxItems must be at least 1 (or null).");
    }
}
