namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>The four ways of asking a model for structured output that the <c>schema-modes</c> widget compares on
/// one prompt, from no help at all to a grammar built from the schema.</summary>
public enum OutputMode
{
    /// <summary>The user prompt alone: no instruction, no constraint.</summary>
    FreeText,

    /// <summary>The prompt plus a system message saying "return JSON only" and giving the schema; no constraint.</summary>
    PromptOnly,

    /// <summary>As <see cref="PromptOnly"/>, decoded under the grammar of any JSON object (OpenAI's
    /// <c>response_format: {"type": "json_object"}</c>, <c>JsonSchemaGrammar.JsonObjectGbnf</c>).</summary>
    JsonMode,

    /// <summary>As <see cref="PromptOnly"/>, decoded under the grammar of the schema (OpenAI's
    /// <c>response_format: {"type": "json_schema", ...}</c>, <c>JsonSchemaGrammar.ToGbnf</c>).</summary>
    SchemaConstrained,
}
