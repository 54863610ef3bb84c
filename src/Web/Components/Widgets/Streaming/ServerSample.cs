namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>One reading of the worker's <c>GET /health</c> counters (see the engine's <c>GenerationActivity</c>),
/// taken by the browser through the app's proxy. Counters are server-wide: every user's generations count.</summary>
/// <param name="AtMs">When it was read, ms on the widget's clock.</param>
/// <param name="SlotsProcessing">Generation requests running on the worker (<c>slots_processing</c>).</param>
/// <param name="TokensPredictedTotal">Tokens sampled since the worker started (<c>tokens_predicted_total</c>).</param>
/// <param name="RequestsCancelledTotal">Requests ended with finish_reason cancelled (<c>requests_cancelled_total</c>).</param>
public sealed record ServerSample(double AtMs, int SlotsProcessing, long TokensPredictedTotal, long RequestsCancelledTotal);
