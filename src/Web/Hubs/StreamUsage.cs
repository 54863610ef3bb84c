namespace Workbench.Web.Hubs;

/// <summary>Token counts of a finished <see cref="GenerationHub.StreamChat"/> stream.</summary>
/// <param name="PromptTokens">Tokens in the templated prompt.</param>
/// <param name="CompletionTokens">Tokens sampled.</param>
public sealed record StreamUsage(int PromptTokens, int CompletionTokens);
