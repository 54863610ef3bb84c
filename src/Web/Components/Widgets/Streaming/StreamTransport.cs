namespace Workbench.Web.Components.Widgets.Streaming;

/// <summary>The three ways <see cref="StreamCompare"/> asks for the same completion. The JavaScript side
/// (<c>wwwroot/js/streaming/stream-compare.js</c>) names them by <see cref="StreamTransports.Key"/>.</summary>
public enum StreamTransport
{
    /// <summary><c>POST /v1/chat/completions</c> without <c>stream</c>: one JSON body when generation has ended
    /// (key <c>json</c>).</summary>
    NonStreaming,

    /// <summary><c>POST /v1/chat/completions</c> with <c>stream: true</c>, read by the browser's <c>fetch</c> as
    /// server-sent events, one <c>data:</c> frame per chunk, ending in <c>data: [DONE]</c> (key <c>sse</c>).</summary>
    Sse,

    /// <summary>The SignalR hub <c>/hubs/generation</c>, <c>connection.stream("StreamChat", request)</c>: one
    /// <c>StreamDelta</c> per token over a WebSocket (key <c>signalr</c>).</summary>
    SignalR,
}
