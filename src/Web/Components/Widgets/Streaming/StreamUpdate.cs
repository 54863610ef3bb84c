namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>One batch from the browser to <see cref="StreamCompare.Update"/> (about every 250 ms while anything
/// runs or the server counters are being watched, and at once when a run ends).</summary>
public sealed record StreamUpdate
{
    /// <summary>Reports of the transports that changed.</summary>
    public IReadOnlyList<StreamReport> Reports { get; init; } = [];

    /// <summary>New readings of the worker's <c>/health</c> counters.</summary>
    public IReadOnlyList<ServerSample> Samples { get; init; } = [];
}
