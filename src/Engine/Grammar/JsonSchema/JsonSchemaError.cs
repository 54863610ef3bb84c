namespace Workbench.Engine.Grammar.JsonSchema;

/// <summary>One violation found by <see cref="JsonSchemaValidator"/>.</summary>
/// <param name="InstancePath">JSON Pointer into the document, for example <c>/latitude</c> (<c>""</c> = the root).</param>
/// <param name="Keyword">The schema keyword that failed, for example <c>required</c>, <c>maximum</c>, <c>type</c>
/// (<c>json</c> when the text is not JSON at all).</param>
/// <param name="Message">A sentence naming the value and the rule.</param>
public sealed record JsonSchemaError(string InstancePath, string Keyword, string Message);
