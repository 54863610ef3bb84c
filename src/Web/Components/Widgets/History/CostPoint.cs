namespace Workbench.Web.Components.Widgets.History;

/// <summary>One point of the cost chart.</summary>
/// <param name="Turn">The turn, 1-based (as text: the chart's category axis).</param>
/// <param name="Tokens">Cumulative prompt tokens sent up to and including that turn.</param>
public sealed record CostPoint(string Turn, long Tokens);
