namespace Workbench.Engine.Serving.Wire;

/// <summary>Body of <c>POST /tool-calls/parse</c>: a model text, the format to read it as (vLLM's
/// <c>--tool-call-parser</c> names: <c>hermes</c>, <c>qwen3_coder</c>, <c>llama3_json</c>, <c>mistral</c>) and,
/// optionally, the tools (a call of another name stays content; Qwen3-Coder values are typed by the schemas).</summary>
internal sealed class ToolCallParseRequestBody
{
    public string? Format { get; set; }
    public string? Text { get; set; }
    public List<ToolBody>? Tools { get; set; }
}

/// <summary>Answer of <c>POST /tool-calls/parse</c>: the calls in the API's shape, the content outside them (null
/// when empty or only whitespace) and the parser's diagnostics.</summary>
internal sealed class ToolCallParseResponseBody
{
    public required List<ToolCallOutBody> ToolCalls { get; init; }
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)]
    public string? Content { get; init; }
    public required List<ToolCallDiagnosticBody> Diagnostics { get; init; }
}

/// <summary>Why a text is not (or not fully) a call: the offset (UTF-16 code units from the text's start), the
/// message, and whether the call was still parsed (a rescued near miss).</summary>
internal sealed class ToolCallDiagnosticBody
{
    public int Offset { get; init; }
    public required string Message { get; init; }
    public bool Rescued { get; init; }
}
