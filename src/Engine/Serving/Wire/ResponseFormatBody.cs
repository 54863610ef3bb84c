using System.Text.Json;

namespace Workbench.Engine.Serving.Wire;

/// <summary>
/// OpenAI <c>response_format</c> (Chat Completions API, "Structured Outputs"): <c>type</c> is <c>text</c> (no
/// constraint), <c>json_object</c> (any JSON object) or <c>json_schema</c> (the schema in <c>json_schema</c>).
/// llama-server's <c>{"type":"json_object","schema":{...}}</c> is also accepted.
/// </summary>
internal sealed class ResponseFormatBody
{
    public string? Type { get; set; }
    public JsonSchemaFormatBody? JsonSchema { get; set; }
    /// <summary>llama-server extension: a schema beside <c>type: json_object</c> (or <c>json_schema</c>).</summary>
    public JsonElement? Schema { get; set; }
}

/// <summary>OpenAI <c>response_format.json_schema</c>: <c>name</c> (required; a–z, A–Z, 0–9, <c>_</c> and <c>-</c>,
/// at most 64 characters), <c>description</c>, <c>schema</c> and <c>strict</c>. Decoding is always constrained by
/// the schema here, so <c>strict</c> is accepted and changes nothing.</summary>
internal sealed class JsonSchemaFormatBody
{
    public string? Name { get; set; }
    public string? Description { get; set; }
    public JsonElement? Schema { get; set; }
    public bool? Strict { get; set; }
}
