namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>Names and keys of the <see cref="StreamTransport"/> values.</summary>
public static class StreamTransports
{
    /// <summary>All three, in display order.</summary>
    public static IReadOnlyList<StreamTransport> All { get; } = [StreamTransport.NonStreaming, StreamTransport.Sse, StreamTransport.SignalR];

    /// <summary>The key the JavaScript side and the widget option <c>transports</c> use: <c>json</c>, <c>sse</c>, <c>signalr</c>.</summary>
    /// <param name="transport">The transport.</param>
    public static string Key(StreamTransport transport) => transport switch
    {
        StreamTransport.NonStreaming => "json",
        StreamTransport.Sse => "sse",
        _ => "signalr",
    };

    /// <summary>The heading shown on the transport's pane.</summary>
    /// <param name="transport">The transport.</param>
    public static string Title(StreamTransport transport) => transport switch
    {
        StreamTransport.NonStreaming => "Non-streaming",
        StreamTransport.Sse => "SSE",
        _ => "SignalR",
    };

    /// <summary>The transport named by <paramref name="key"/> (case-insensitive), or null.</summary>
    /// <param name="key">A key such as <c>sse</c>.</param>
    public static StreamTransport? Parse(string? key) => key?.Trim().ToLowerInvariant() switch
    {
        "json" or "non-streaming" => StreamTransport.NonStreaming,
        "sse" => StreamTransport.Sse,
        "signalr" => StreamTransport.SignalR,
        _ => null,
    };

    /// <summary>The transports of a comma-separated list (unknown names ignored, order kept as in <see cref="All"/>);
    /// all three when the list is empty or names none.</summary>
    /// <param name="list">For example <c>sse, signalr</c>.</param>
    public static IReadOnlyList<StreamTransport> ParseList(string? list)
    {
        var named = (list ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<StreamTransport>().ToHashSet();
        return named.Count == 0 ? All : All.Where(named.Contains).ToList();
    }
}
