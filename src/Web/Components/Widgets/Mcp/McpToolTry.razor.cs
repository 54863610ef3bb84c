using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Mcp;
using Workbench.Web.Auth;
using Workbench.Web.Mcp;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>
/// Widget <c>mcp-tool-try</c>: pick a server and one of its tools; a form generated from the tool's
/// <c>inputSchema</c> (<see cref="McpSchemaForm"/>; or raw JSON) builds the <c>arguments</c>; "Call the tool" sends
/// <c>tools/call</c> through <see cref="IMcpServerRegistry.CallToolAsync"/> (one call of the member's
/// <see cref="McpCallQuota"/>) and shows the result's content blocks, <c>isError</c>, <c>structuredContent</c> and
/// milliseconds. Options: <c>server</c>, <c>tool</c> (the initial choice; default the first connected server and its
/// first tool).
/// </summary>
public partial class McpToolTry : IDisposable
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private readonly string _id = "mcpt-" + Guid.NewGuid().ToString("N")[..8];
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);
    private IReadOnlyList<McpServerSnapshot> _servers = [];
    private string _server = "";
    private string _tool = "";
    private McpSchemaForm? _form;
    private bool _raw;
    private string _rawJson = "{}";
    private bool _busy;
    private string? _error;
    private McpToolCallResult? _result;
    private bool _disposed;
    private CancellationTokenSource? _cts;

    /// <summary>The widget block's options (<c>server</c>, <c>tool</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private IMcpServerRegistry Registry { get; set; } = default!;
    [Inject] private McpCallQuota Quota { get; set; } = default!;
    [Inject] private ILogger<McpToolTry> Logger { get; set; } = default!;

    private McpServerSnapshot? Selected => _servers.FirstOrDefault(s => s.Name == _server);

    private IReadOnlyList<McpToolInfo> Tools => Selected?.Tools ?? [];

    private McpToolInfo? SelectedTool => Tools.FirstOrDefault(t => t.Name == _tool);

    private string ParamsPreview
    {
        get
        {
            var call = new JsonObject { ["name"] = _tool };
            if (TryArguments(out var arguments, out var problem)) call["arguments"] = arguments;
            else return problem!;
            return call.ToJsonString(Indented);
        }
    }

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _servers = Registry.Servers;
        Registry.Changed += OnChanged;
        var server = WidgetOptions.Text(Options, "server");
        _server = _servers.Any(s => s.Name == server) ? server
            : (_servers.FirstOrDefault(s => s.Status == McpServerStatus.Connected) ?? _servers.FirstOrDefault())?.Name ?? "";
        SelectTool(WidgetOptions.Text(Options, "tool"));
    }

    private void OnChanged()
    {
        if (_disposed) return;
        _ = InvokeAsync(() =>
        {
            if (_disposed) return;
            _servers = Registry.Servers;
            if (Selected is null && _servers.Count > 0) _server = _servers[0].Name;
            if (SelectedTool is null) SelectTool("");
            else _form = McpSchemaForm.From(SelectedTool.InputSchema); // the tool list may have changed (list_changed)
            StateHasChanged();
        });
    }

    private void ServerChanged(ChangeEventArgs e)
    {
        _server = e.Value?.ToString() ?? "";
        SelectTool("");
    }

    private void ToolChanged(ChangeEventArgs e) => SelectTool(e.Value?.ToString() ?? "");

    private void SelectTool(string name)
    {
        var previous = _tool;
        _tool = Tools.Any(t => t.Name == name) ? name : Tools.FirstOrDefault()?.Name ?? "";
        if (_tool == previous && _form is not null) return;
        _values.Clear();
        _result = null;
        _error = null;
        _form = SelectedTool is { } tool ? McpSchemaForm.From(tool.InputSchema) : null;
        foreach (var f in _form?.Fields ?? []) _values[f.Name] = f.Default;
        _raw = _form is not { IsObjectSchema: true };
        _rawJson = _form is null ? "{}" : _form.BuildArguments(_values).ToJsonString(Indented);
    }

    private void RawChanged(ChangeEventArgs e)
    {
        if (e.Value is true && TryArguments(out var arguments, out _)) _rawJson = arguments!.ToJsonString(Indented);
        _raw = e.Value is true;
    }

    private string? Value(McpSchemaField f) => _values.GetValueOrDefault(f.Name);

    private void Set(McpSchemaField f, ChangeEventArgs e) => _values[f.Name] = e.Value?.ToString();

    private static string TypeText(McpSchemaField f) => f.Kind switch
    {
        McpSchemaFieldKind.Enum => "one of",
        McpSchemaFieldKind.Json => "JSON",
        _ => f.Kind.ToString().ToLowerInvariant(),
    };

    private bool TryArguments(out JsonNode? arguments, out string? problem)
    {
        problem = null;
        if (_raw || _form is not { IsObjectSchema: true })
        {
            try
            {
                arguments = _rawJson.Trim().Length == 0 ? new JsonObject() : JsonNode.Parse(_rawJson);
                return true;
            }
            catch (JsonException e)
            {
                arguments = null;
                problem = $"The arguments are not JSON: {e.Message}";
                return false;
            }
        }
        arguments = _form.BuildArguments(_values);
        return true;
    }

    private async Task CallAsync()
    {
        if (_busy || SelectedTool is null) return;
        _error = null;
        if (!TryArguments(out var arguments, out var problem))
        {
            _error = problem;
            return;
        }
        if (AuthenticationState is not null && LabUser.FromPrincipal((await AuthenticationState).User) is { } user
            && !Quota.TryAcquire(user, out var retryAfter))
        {
            _error = $"You have used your MCP tool calls for this minute; try again in {Math.Ceiling(retryAfter.TotalSeconds)} s.";
            return;
        }
        _busy = true;
        _result = null;
        var cts = _cts = new CancellationTokenSource();
        try
        {
            using var document = JsonDocument.Parse(arguments?.ToJsonString() ?? "null");
            _result = await Registry.CallToolAsync(_server, _tool, arguments is null ? null : document.RootElement.Clone(), cts.Token);
        }
        catch (Exception e) when (e is McpServerNotFoundException or McpServerUnavailableException or ArgumentException)
        {
            _error = e.Message;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _error = "Cancelled.";
        }
        catch (Exception e)
        {
            Logger.LogError(e, "MCP tool try: calling {Tool} on {Server} failed", _tool, _server);
            _error = "The call failed unexpectedly; see the server log.";
        }
        finally
        {
            _busy = false;
            if (ReferenceEquals(_cts, cts)) _cts = null;
            cts.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Registry.Changed -= OnChanged;
        _cts?.Cancel();
    }
}
