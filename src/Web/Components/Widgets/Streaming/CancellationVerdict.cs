namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>The outcome of <see cref="CancellationEvidence.Evaluate"/>.</summary>
/// <param name="Stopped">Whether the counters show that the server stopped generating.</param>
/// <param name="Text">What the counters show, in a sentence.</param>
/// <param name="ServerTokens">Tokens the server sampled since the run started (server-wide counter difference), or
/// null when no reading precedes the run.</param>
public sealed record CancellationVerdict(bool Stopped, string Text, long? ServerTokens);
