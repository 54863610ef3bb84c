using System.Text.Json.Serialization;

namespace Workbench.Engine.Serving.Wire;

/// <summary>OpenAI (legacy) completion object, also each stream chunk (<c>object: text_completion</c>), with
/// logprobs in the chat shape (<c>logprobs.content[]</c>, as llama-server does) and <c>timings</c>.</summary>
internal sealed class CompletionResponse
{
    public required string Id { get; init; }
    public string Object { get; init; } = "text_completion";
    public long Created { get; init; }
    public required string Model { get; init; }
    public required List<CompletionChoice> Choices { get; init; }
    public UsageBody? Usage { get; init; }
    public TimingsBody? Timings { get; init; }
}

/// <summary>A <c>choices[]</c> item of a completion.</summary>
internal sealed class CompletionChoice
{
    public int Index { get; init; }
    public string Text { get; init; } = "";
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public LogprobsBody? Logprobs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.Never)]
    public string? FinishReason { get; init; }
}
