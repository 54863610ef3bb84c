using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Components;
using Workbench.Lab.Mcp;
using Workbench.Web.Rendering;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>
/// Widget <c>mcp-traffic</c>: the JSON-RPC messages of <see cref="IMcpServerRegistry.Traffic"/>, live. Messages
/// arrive on the connections' threads through <see cref="McpTrafficLog.Recorded"/>, are queued, and are rendered
/// through a <see cref="RenderThrottle"/> (at most ~30 renders a second) on the circuit's dispatcher. Rows:
/// sequence, time, server, direction (→ sent, ← received), kind, method, id, elapsed ms (responses), the raw JSON
/// (expandable, indented). Filter by server; "Clear" empties this view (not the log others see). Above the table,
/// the handshake (<c>initialize</c> → result → <c>notifications/initialized</c> → <c>tools/list</c>) is explained
/// for the first handshake in view, whose rows are marked. Options: <c>server</c> (the initial filter),
/// <c>max_rows</c> (default 500: the newest rows kept in view).
/// </summary>
public partial class McpTraffic : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly HashSet<string> HandshakeMethods = new(StringComparer.Ordinal) { "initialize", "notifications/initialized", "tools/list" };
    private readonly string _id = "mcpx-" + Guid.NewGuid().ToString("N")[..8];
    private readonly ConcurrentQueue<McpTrafficEntry> _incoming = new();
    private readonly List<McpTrafficEntry> _entries = [];
    private RenderThrottle? _throttle;
    private string _filter = "";
    private int _maxRows = 500;
    private int _dropped;
    private bool _disposed;

    /// <summary>The widget block's options (<c>server</c>, <c>max_rows</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IMcpServerRegistry Registry { get; set; } = default!;

    private IReadOnlyList<McpTrafficEntry> Visible => _filter.Length == 0 ? _entries : [.. _entries.Where(e => e.Server == _filter)];

    private IEnumerable<string> ServerNames =>
        Registry.Servers.Select(s => s.Name).Concat(_entries.Select(e => e.Server)).Append(_filter).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal);

    // The first initialize request in view: the explanation sits above the table and marks its rows.
    private McpTrafficEntry? Handshake => Visible.FirstOrDefault(e => e.Kind == McpMessageKind.Request && e.Method == "initialize");

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _filter = WidgetOptions.Text(Options, "server");
        _maxRows = (int)Math.Clamp(WidgetOptions.Number(Options, "max_rows", 500) ?? 500, 10, 5000);
        _throttle = new RenderThrottle(TimeSpan.FromMilliseconds(33), () => InvokeAsync(Drain));
        Registry.Traffic.Recorded += OnRecorded;
        // Subscribed first, so nothing recorded in between is lost; the sequence numbers drop duplicates.
        foreach (var e in Registry.Traffic.Snapshot()) _incoming.Enqueue(e);
        DrainQueue();
    }

    private void OnRecorded(McpTrafficEntry entry)
    {
        if (_disposed) return;
        _incoming.Enqueue(entry);
        _throttle?.Request();
    }

    private void Drain()
    {
        if (_disposed) return;
        if (DrainQueue()) StateHasChanged();
    }

    private bool DrainQueue()
    {
        var changed = false;
        long last = _entries.Count > 0 ? _entries[^1].Sequence : 0;
        var batch = new List<McpTrafficEntry>();
        while (_incoming.TryDequeue(out var e)) batch.Add(e);
        foreach (var e in batch.OrderBy(e => e.Sequence))
        {
            if (e.Sequence <= last) continue;
            _entries.Add(e);
            last = e.Sequence;
            changed = true;
        }
        if (_entries.Count > _maxRows)
        {
            _dropped += _entries.Count - _maxRows;
            _entries.RemoveRange(0, _entries.Count - _maxRows);
        }
        return changed;
    }

    private void FilterChanged(ChangeEventArgs e) => _filter = e.Value?.ToString() ?? "";

    private void Clear()
    {
        _entries.Clear();
        _dropped = 0;
    }

    // The rows of the first handshake in view: initialize, its result, notifications/initialized, tools/list and its
    // result (up to the next initialize of that server).
    private static HashSet<long> HandshakeRows(IReadOnlyList<McpTrafficEntry> visible, McpTrafficEntry? handshake)
    {
        var rows = new HashSet<long>();
        if (handshake is null) return rows;
        foreach (var e in visible.Where(e => e.Server == handshake.Server && e.Sequence >= handshake.Sequence))
        {
            if (e.Sequence > handshake.Sequence && e.Kind == McpMessageKind.Request && e.Method == "initialize") break;
            if (e.Method is { } m && HandshakeMethods.Contains(m)) rows.Add(e.Sequence);
            if (e.Kind == McpMessageKind.Response && e.Method == "tools/list") break;
        }
        return rows;
    }

    private static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, Indented);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Registry.Traffic.Recorded -= OnRecorded;
        _throttle?.Dispose();
    }
}
