using System.Text.Json.Serialization;

namespace Workbench.Engine.Serving.Wire;

/// <summary>OpenAI chat completion object (<c>object: chat.completion</c>) plus llama-server's <c>timings</c>.</summary>
internal sealed class ChatCompletionResponse
{
    public required string Id { get; init; }
    public string Object { get; init; } = "chat.completion";
    public long Created { get; init; }
    public required string Model { get; init; }
    public required List<ChatChoice> Choices { get; init; }
    public UsageBody? Usage { get; init; }
    public TimingsBody? Timings { get; init; }
}

/// <summary>A <c>choices[]</c> item of a chat completion.</summary>
internal sealed class ChatChoice
{
    public int Index { get; init; }
    public required ChatMessageOut Message { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public LogprobsBody? Logprobs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}

/// <summary>The assistant message of a chat completion, or a stream chunk's <c>delta</c>.</summary>
internal sealed class ChatMessageOut
{
    public string? Role { get; init; }
    public string? Content { get; init; }
    /// <summary>The calls (<c>message.tool_calls</c>), or in a stream chunk the call deltas
    /// (<c>delta.tool_calls</c>); null when none.</summary>
    public List<ToolCallOutBody>? ToolCalls { get; init; }
}

/// <summary>OpenAI chat completion chunk (<c>object: chat.completion.chunk</c>).</summary>
internal sealed class ChatCompletionChunk
{
    public required string Id { get; init; }
    public string Object { get; init; } = "chat.completion.chunk";
    public long Created { get; init; }
    public required string Model { get; init; }
    public required List<ChatChunkChoice> Choices { get; init; }
    public UsageBody? Usage { get; init; }
    public TimingsBody? Timings { get; init; }
}

/// <summary>A <c>choices[]</c> item of a chat completion chunk.</summary>
internal sealed class ChatChunkChoice
{
    public int Index { get; init; }
    public required ChatMessageOut Delta { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public LogprobsBody? Logprobs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
