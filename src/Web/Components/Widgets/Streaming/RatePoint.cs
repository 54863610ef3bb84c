namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>One point of the tokens/s chart.</summary>
/// <param name="Seconds">End of the window, seconds after the request was sent.</param>
/// <param name="TokensPerSecond">Items that arrived in the window, per second.</param>
public sealed record RatePoint(double Seconds, double TokensPerSecond);
