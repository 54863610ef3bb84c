namespace Workbench.Web.Components.Widgets.History;

/// <summary>One strategy's row of the forgetting demo.</summary>
/// <param name="Strategy">The strategy name.</param>
/// <param name="FactSent">Whether the message stating the fact was in the prompt verbatim.</param>
/// <param name="FactInSummary">Whether the summary card (if any) names the expected answer.</param>
/// <param name="PromptTokens">Prompt tokens of the question's call, or null when the strategy made no view.</param>
/// <param name="Answer">The model's answer, or null when the call failed.</param>
/// <param name="Error">Why the call failed (for example <c>context_length_exceeded</c>), or null.</param>
/// <param name="Recalled">Whether the answer names the expected answer.</param>
public sealed record ForgettingResult(string Strategy, bool FactSent, bool FactInSummary, int? PromptTokens, string? Answer, string? Error, bool Recalled);
