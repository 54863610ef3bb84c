using System.Text.Json;

namespace Workbench.Lab.Mcp;

/// <summary>Which way a JSON-RPC message went.</summary>
public enum McpDirection
{
    /// <summary>From the lab (the client) to the server.</summary>
    Sent,

    /// <summary>From the server to the lab.</summary>
    Received,
}

/// <summary>The JSON-RPC 2.0 message kinds.</summary>
public enum McpMessageKind
{
    /// <summary>Has <c>method</c> and <c>id</c>: expects an answer.</summary>
    Request,

    /// <summary>Has <c>method</c>, no <c>id</c>: no answer.</summary>
    Notification,

    /// <summary>Has <c>id</c> and <c>result</c>.</summary>
    Response,

    /// <summary>Has <c>id</c> and <c>error</c> (<c>code</c>, <c>message</c>).</summary>
    Error,
}

/// <summary>One JSON-RPC message on one server's connection, as it crossed the transport.</summary>
/// <param name="Sequence">1, 2, 3, … across all servers, in the order recorded.</param>
/// <param name="Server">The configured server name.</param>
/// <param name="Direction">Sent or received.</param>
/// <param name="Kind">Request, notification, response or error.</param>
/// <param name="Method">The method (<c>initialize</c>, <c>tools/list</c>, <c>notifications/initialized</c>, …); for
/// a response or error, the method of the request it answers when known; else null.</param>
/// <param name="Id">The JSON-RPC id as JSON text (<c>1</c>, <c>"abc"</c>), or null for a notification.</param>
/// <param name="Timestamp">When it was recorded.</param>
/// <param name="ElapsedMs">For a response or error: milliseconds since its request was sent; else null.</param>
/// <param name="Json">The whole message as JSON text (capped at <see cref="McpTrafficLog.MaxMessageChars"/>
/// characters, with a marker saying so).</param>
public sealed record McpTrafficEntry(
    long Sequence,
    string Server,
    McpDirection Direction,
    McpMessageKind Kind,
    string? Method,
    string? Id,
    DateTimeOffset Timestamp,
    double? ElapsedMs,
    string Json);

/// <summary>
/// The JSON-RPC traffic of every MCP connection the lab holds, in order: a ring of the last
/// <see cref="Capacity"/> messages. Thread-safe; <see cref="Recorded"/> fires after each message (on the thread
/// that recorded it; subscribers must not block).
/// </summary>
public sealed class McpTrafficLog(int capacity = 2000, TimeProvider? clock = null)
{
    /// <summary>Longest message text kept; longer ones are cut with a "… (N characters)" marker.</summary>
    public const int MaxMessageChars = 64 * 1024;

    private readonly LinkedList<McpTrafficEntry> _entries = new();
    private readonly Dictionary<(string Server, string Id), (string? Method, long Started)> _open = [];
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _sequence;

    /// <summary>How many messages are kept.</summary>
    public int Capacity { get; } = capacity > 0 ? capacity : throw new ArgumentOutOfRangeException(nameof(capacity));

    /// <summary>Raised after a message is recorded.</summary>
    public event Action<McpTrafficEntry>? Recorded;

    /// <summary>Records one message.</summary>
    /// <param name="server">The server's configured name.</param>
    /// <param name="direction">Which way it went.</param>
    /// <param name="json">The message as serialized on the wire (one JSON-RPC object).</param>
    /// <returns>The entry recorded.</returns>
    public McpTrafficEntry Record(string server, McpDirection direction, string json)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(json);
        var (kind, method, id) = Classify(json);
        McpTrafficEntry entry;
        lock (_entries)
        {
            long now = _clock.GetTimestamp();
            double? elapsed = null;
            if (kind == McpMessageKind.Request && id is not null)
            {
                _open[(server, id)] = (method, now);
            }
            else if (kind is McpMessageKind.Response or McpMessageKind.Error && id is not null
                     && _open.Remove((server, id), out var request))
            {
                method ??= request.Method;
                elapsed = _clock.GetElapsedTime(request.Started, now).TotalMilliseconds;
            }
            string text = json.Length <= MaxMessageChars ? json
                : string.Concat(json.AsSpan(0, MaxMessageChars), $"… ({json.Length} characters)");
            entry = new McpTrafficEntry(++_sequence, server, direction, kind, method, id, _clock.GetUtcNow(), elapsed, text);
            _entries.AddLast(entry);
            while (_entries.Count > Capacity) _entries.RemoveFirst();
            if (_open.Count > Capacity) _open.Clear(); // requests that were never answered
        }
        Recorded?.Invoke(entry);
        return entry;
    }

    /// <summary>The messages kept, oldest first.</summary>
    /// <param name="server">Only this server's; null = all.</param>
    /// <param name="afterSequence">Only those with a larger <see cref="McpTrafficEntry.Sequence"/>.</param>
    public IReadOnlyList<McpTrafficEntry> Snapshot(string? server = null, long afterSequence = 0)
    {
        lock (_entries)
            return [.. _entries.Where(e => e.Sequence > afterSequence && (server is null || e.Server == server))];
    }

    /// <summary>Forgets the messages kept (all, or one server's).</summary>
    public void Clear(string? server = null)
    {
        lock (_entries)
        {
            for (var node = _entries.First; node is not null;)
            {
                var next = node.Next;
                if (server is null || node.Value.Server == server) _entries.Remove(node);
                node = next;
            }
        }
    }

    // JSON-RPC 2.0 §4–5: a request has method and id, a notification method and no id, a response result, an error error.
    private static (McpMessageKind Kind, string? Method, string? Id) Classify(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return (McpMessageKind.Notification, null, null);
            string? method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
            string? id = root.TryGetProperty("id", out var i) && i.ValueKind is JsonValueKind.String or JsonValueKind.Number ? i.GetRawText() : null;
            if (method is not null) return (id is null ? McpMessageKind.Notification : McpMessageKind.Request, method, id);
            return (root.TryGetProperty("error", out _) ? McpMessageKind.Error : McpMessageKind.Response, null, id);
        }
        catch (JsonException)
        {
            return (McpMessageKind.Notification, null, null);
        }
    }
}
