using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Workbench.Bench;

/// <summary>
/// A minimal SignalR client speaking the JSON hub protocol over a WebSocket (the .NET SignalR client's NuGet
/// dependencies are absent from the mirror). Records end with 0x1E; message types: 1 invocation, 2 stream item,
/// 3 completion, 4 stream invocation, 5 cancel invocation, 6 ping, 7 close.
/// Source: https://github.com/dotnet/aspnetcore/blob/main/src/SignalR/docs/specs/HubProtocol.md
/// </summary>
internal sealed class SignalRJsonClient : IAsyncDisposable
{
    private const char RecordSeparator = '\u001e';
    private readonly ClientWebSocket _socket = new();
    private readonly Dictionary<string, Channel<JsonElement>> _streams = new();
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stop = new();
    private Task? _receiveLoop;
    private int _nextInvocationId;

    /// <summary>Negotiates, opens the WebSocket and completes the JSON protocol handshake.</summary>
    public async Task ConnectAsync(Uri hubUrl, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        var negotiateUrl = new Uri(hubUrl.AbsoluteUri.TrimEnd('/') + "/negotiate?negotiateVersion=1");
        using var negotiate = await http.PostAsync(negotiateUrl, content: null, cancellationToken);
        negotiate.EnsureSuccessStatusCode();
        using var doc = JsonDocument.Parse(await negotiate.Content.ReadAsStringAsync(cancellationToken));
        string token = doc.RootElement.GetProperty("connectionToken").GetString()!;

        var ws = new UriBuilder(hubUrl) { Scheme = hubUrl.Scheme == "https" ? "wss" : "ws", Query = "id=" + Uri.EscapeDataString(token) };
        await _socket.ConnectAsync(ws.Uri, cancellationToken);
        await SendRecordAsync("""{"protocol":"json","version":1}""", cancellationToken);

        string handshake = (await ReceiveRecordsAsync(cancellationToken)).First();
        if (handshake != "{}") throw new InvalidOperationException($"SignalR handshake failed: {handshake}");
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(_stop.Token));
    }

    /// <summary>Starts a streaming invocation and yields each stream item's <c>item</c> as it arrives.</summary>
    /// <exception cref="InvalidOperationException">The hub completed the invocation with an error.</exception>
    public async IAsyncEnumerable<JsonElement> StreamAsync(string target, JsonNode argument, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string id = Interlocked.Increment(ref _nextInvocationId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var channel = Channel.CreateUnbounded<JsonElement>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
        lock (_gate) _streams[id] = channel;
        var invocation = new JsonObject
        {
            ["type"] = 4,
            ["invocationId"] = id,
            ["target"] = target,
            ["arguments"] = new JsonArray(argument),
        };
        await SendRecordAsync(invocation.ToJsonString(), cancellationToken);
        await foreach (var item in channel.Reader.ReadAllAsync(cancellationToken)) yield return item;
    }

    private async Task ReceiveLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (string record in await ReceiveRecordsAsync(cancellationToken)) Dispatch(record);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException or InvalidOperationException)
        {
            lock (_gate)
            {
                foreach (var channel in _streams.Values) channel.Writer.TryComplete(new InvalidOperationException("SignalR connection closed.", ex));
                _streams.Clear();
            }
        }
    }

    private void Dispatch(string record)
    {
        using var doc = JsonDocument.Parse(record);
        var root = doc.RootElement;
        int type = root.GetProperty("type").GetInt32();
        if (type == 7) throw new InvalidOperationException($"SignalR close: {record}");
        if (type is not (2 or 3)) return; // pings and anything else
        string id = root.GetProperty("invocationId").GetString()!;
        Channel<JsonElement>? channel;
        lock (_gate)
        {
            _streams.TryGetValue(id, out channel);
            if (type == 3) _streams.Remove(id);
        }
        if (channel is null) return;
        if (type == 2) channel.Writer.TryWrite(root.GetProperty("item").Clone());
        else if (root.TryGetProperty("error", out var error)) channel.Writer.TryComplete(new InvalidOperationException($"Hub error: {error.GetString()}"));
        else channel.Writer.TryComplete();
    }

    private readonly StringBuilder _pending = new();
    private readonly byte[] _buffer = new byte[64 * 1024];
    private readonly Decoder _decoder = Encoding.UTF8.GetDecoder();

    /// <summary>Reads WebSocket frames until at least one complete record is buffered; returns the complete records.</summary>
    private async Task<List<string>> ReceiveRecordsAsync(CancellationToken cancellationToken)
    {
        var records = new List<string>();
        var chars = new char[_buffer.Length];
        while (records.Count == 0)
        {
            var result = await _socket.ReceiveAsync(_buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close) throw new InvalidOperationException("The hub closed the WebSocket.");
            int n = _decoder.GetChars(_buffer, 0, result.Count, chars, 0, flush: false);
            _pending.Append(chars, 0, n);
            string text = _pending.ToString();
            int start = 0, end;
            while ((end = text.IndexOf(RecordSeparator, start)) >= 0)
            {
                records.Add(text[start..end]);
                start = end + 1;
            }
            _pending.Clear().Append(text, start, text.Length - start);
        }
        return records;
    }

    private readonly SemaphoreSlim _sendLock = new(1, 1);

    private async Task SendRecordAsync(string json, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken);
        try { await _socket.SendAsync(Encoding.UTF8.GetBytes(json + RecordSeparator), WebSocketMessageType.Text, true, cancellationToken); }
        finally { _sendLock.Release(); }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_socket.State == WebSocketState.Open)
        {
            try { await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None); }
            catch (WebSocketException) { }
        }
        if (_receiveLoop is not null) await _receiveLoop.ContinueWith(_ => { }, TaskScheduler.Default);
        _socket.Dispose();
        _stop.Dispose();
        _sendLock.Dispose();
    }
}
