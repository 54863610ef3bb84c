using Workbench.Engine.Inference;

namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>One generation in one <see cref="OutputMode"/>: the reply and its verdict.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Seed">The sampler seed.</param>
/// <param name="Reply">The whole reply text.</param>
/// <param name="FinishReason">Why generation ended (<c>length</c> = cut by max_tokens or n_ctx).</param>
/// <param name="Usage">Prompt and completion tokens.</param>
/// <param name="Verdict">Parse and validation verdict.</param>
public sealed record ModeOutcome(OutputMode Mode, uint Seed, string Reply, FinishReason? FinishReason, GenerationUsage? Usage, OutputVerdict Verdict);
