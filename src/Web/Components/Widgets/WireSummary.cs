namespace Workbench.Web.Components.Widgets;

/// <summary>What a chat completion response says, in brief (see <see cref="WireJson.Summarize"/>).</summary>
/// <param name="Content"><c>choices[0].message.content</c>, or null.</param>
/// <param name="FinishReason"><c>choices[0].finish_reason</c> (<c>stop</c>, <c>length</c>), or null.</param>
/// <param name="PromptTokens"><c>usage.prompt_tokens</c>, or null.</param>
/// <param name="CompletionTokens"><c>usage.completion_tokens</c>, or null.</param>
/// <param name="TotalTokens"><c>usage.total_tokens</c>, or null.</param>
/// <param name="Error"><c>error.message</c> of an OpenAI error envelope, or null.</param>
public sealed record WireSummary(string? Content, string? FinishReason, int? PromptTokens, int? CompletionTokens, int? TotalTokens, string? Error)
{
    /// <summary>Nothing recognised (not JSON, or not a completion).</summary>
    public static WireSummary Empty { get; } = new(null, null, null, null, null, null);
}
