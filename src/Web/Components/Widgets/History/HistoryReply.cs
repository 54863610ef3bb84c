using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.History;

/// <summary>The model's answer to one chat call of a history widget.</summary>
/// <param name="Text">The reply text (trimmed).</param>
/// <param name="Usage">The call's usage (prompt and completion tokens).</param>
/// <param name="FinishReason">Why it ended (<c>length</c> when max_tokens or the window cut it).</param>
public sealed record HistoryReply(string Text, GenerationUsage? Usage, FinishReason? FinishReason);
