namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>What one mode's card shows: generating, an outcome, or an error.</summary>
/// <param name="Running">The generation is in flight.</param>
/// <param name="Outcome">The finished generation.</param>
/// <param name="Error">Why it failed (an engine error, a rate limit, cancelled).</param>
public sealed record ModeResult(bool Running, ModeOutcome? Outcome = null, string? Error = null);
