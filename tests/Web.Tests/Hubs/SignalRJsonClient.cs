using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Workbench.Web.Tests.Hubs;

/// <summary>
/// A minimal client of the SignalR JSON hub protocol over a WebSocket (the .NET SignalR client cannot be restored
/// from the mirror). Protocol: negotiate (POST <c>{hub}/negotiate?negotiateVersion=1</c> → connectionToken), open
/// the WebSocket at <c>{hub}?id=token</c>, send the handshake <c>{"protocol":"json","version":1}</c>, then JSON
/// messages each terminated by the record separator 0x1E: StreamInvocation (type 4), StreamItem (2),
/// Completion (3), CancelInvocation (5), Ping (6), Close (7).
/// </summary>
public sealed class SignalRJsonClient : IAsyncDisposable
{
    /// <summary>Ends every message of the JSON protocol.</summary>
    public const char RecordSeparator = '\u001e';

    private readonly WebSocket _socket;
    private readonly Queue<string> _pending = new();
    private readonly StringBuilder _partial = new();
    private readonly byte[] _buffer = new byte[64 * 1024];

    private SignalRJsonClient(WebSocket socket) => _socket = socket;

    /// <summary>Negotiates with <paramref name="http"/>, opens the WebSocket with <paramref name="connect"/>
    /// (a <see cref="ClientWebSocket"/> against a real server, or TestServer's WebSocketClient) and completes the
    /// handshake.</summary>
    /// <param name="http">A client whose base address is the app.</param>
    /// <param name="hubPath">The hub path, for example <c>/hubs/generation</c>.</param>
    /// <param name="connect">Opens a WebSocket to the given <c>ws://</c> address.</param>
    /// <param name="cancellationToken">Cancels the connection.</param>
    public static async Task<SignalRJsonClient> ConnectAsync(HttpClient http, string hubPath,
        Func<Uri, CancellationToken, Task<WebSocket>> connect, CancellationToken cancellationToken)
    {
        using var negotiate = await http.PostAsync($"{hubPath}/negotiate?negotiateVersion=1", null, cancellationToken);
        negotiate.EnsureSuccessStatusCode();
        var token = (await negotiate.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("connectionToken").GetString();
        var builder = new UriBuilder(new Uri(http.BaseAddress!, hubPath))
        {
            Scheme = http.BaseAddress!.Scheme == "https" ? "wss" : "ws",
            Query = $"id={Uri.EscapeDataString(token!)}",
        };
        var client = new SignalRJsonClient(await connect(builder.Uri, cancellationToken));
        await client.SendRawAsync("{\"protocol\":\"json\",\"version\":1}", cancellationToken);
        var handshake = await client.ReceiveRawAsync(cancellationToken);
        if (handshake != "{}") throw new InvalidOperationException($"Handshake refused: {handshake}");
        return client;
    }

    /// <summary>Opens a <see cref="ClientWebSocket"/> (for a server on a real port).</summary>
    public static async Task<WebSocket> ClientWebSocketAsync(Uri uri, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(uri, cancellationToken);
        return socket;
    }

    /// <summary>Sends a StreamInvocation (type 4) of <paramref name="target"/>.</summary>
    public Task StreamInvocationAsync(string invocationId, string target, object[] arguments, CancellationToken cancellationToken) =>
        SendAsync(new { type = 4, invocationId, target, arguments }, cancellationToken);

    /// <summary>Sends a CancelInvocation (type 5).</summary>
    public Task CancelInvocationAsync(string invocationId, CancellationToken cancellationToken) =>
        SendAsync(new { type = 5, invocationId }, cancellationToken);

    /// <summary>Receives the next message other than a Ping (type 6).</summary>
    public async Task<JsonElement> ReceiveAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var message = JsonDocument.Parse(await ReceiveRawAsync(cancellationToken)).RootElement;
            if (message.GetProperty("type").GetInt32() != 6) return message;
        }
    }

    /// <summary>Closes the WebSocket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // The server is gone already.
            }
        }
        _socket.Dispose();
    }

    private Task SendAsync(object message, CancellationToken cancellationToken) =>
        SendRawAsync(JsonSerializer.Serialize(message, JsonSerializerOptions.Web), cancellationToken);

    private async Task SendRawAsync(string json, CancellationToken cancellationToken) =>
        await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken);

    private async Task<string> ReceiveRawAsync(CancellationToken cancellationToken)
    {
        while (_pending.Count == 0)
        {
            var result = await _socket.ReceiveAsync(_buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) throw new WebSocketException("The server closed the connection.");
            _partial.Append(Encoding.UTF8.GetString(_buffer, 0, result.Count));
            var text = _partial.ToString();
            var end = text.LastIndexOf(RecordSeparator);
            if (end < 0) continue;
            foreach (var message in text[..end].Split(RecordSeparator)) _pending.Enqueue(message);
            _partial.Clear().Append(text[(end + 1)..]);
        }
        return _pending.Dequeue();
    }
}
