using System.Text.Json.Serialization;

namespace Workbench.Engine.Serving.Wire;

/// <summary>OpenAI's error envelope <c>{"error":{...}}</c>; also a stream's error event.</summary>
internal sealed class ErrorEnvelope
{
    public required ErrorBody Error { get; init; }
}

/// <summary>OpenAI's error object, plus llama-server's n_prompt_tokens / n_ctx on context_length_exceeded.</summary>
internal sealed class ErrorBody
{
    public required string Message { get; init; }
    public required string Type { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Param { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? Code { get; init; }
    public int? NPromptTokens { get; init; }
    [JsonPropertyName("n_ctx")]
    public int? NCtx { get; init; }
}

/// <summary>Any event of a completion stream as a client reads it: a chunk (choices, usage, timings) or an
/// error.</summary>
internal sealed class StreamEventBody
{
    public List<CompletionChoice>? Choices { get; init; }
    public UsageBody? Usage { get; init; }
    public TimingsBody? Timings { get; init; }
    public ErrorBody? Error { get; init; }
}
