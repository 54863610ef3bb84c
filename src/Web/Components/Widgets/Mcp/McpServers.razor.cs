using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Lab.Mcp;
using Workbench.Web.Auth;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>
/// Widget <c>mcp-servers</c>: every server of <see cref="IMcpServerRegistry"/> with its status (a badge), error,
/// target, <c>serverInfo</c>, and its tools, resources and prompts; updated live from
/// <see cref="IMcpServerRegistry.Changed"/>. Users the <see cref="WorkbenchPolicies.EngineControl"/> rule allows
/// (the instructor, the self-paced learner) also get Reconnect, Ping and Remove per server and an "Add server"
/// form: an <c>mcpServers</c> entry as JSON, read by <see cref="McpServersConfigFile.ParseEntry"/>, with the
/// <see cref="McpServerPreset.All"/> presets. No options.
/// </summary>
public partial class McpServers
{
    private readonly string _id = "mcps-" + Guid.NewGuid().ToString("N")[..8];
    private readonly HashSet<string> _busy = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _notes = new(StringComparer.Ordinal);
    private IReadOnlyList<McpServerSnapshot> _servers = [];
    private string _preset = "";
    private string _name = "";
    private string _entry = "";
    private string? _addError;
    private bool _adding;
    private bool _disposed;

    /// <summary>The widget block's options (none are read).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    [Inject] private IMcpServerRegistry Registry { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private ILogger<McpServers> Logger { get; set; } = default!;

    private bool CanControl { get; set; }

    private int Connected => _servers.Count(s => s.Status == McpServerStatus.Connected);

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _servers = Registry.Servers;
        Registry.Changed += OnChanged;
        if (AuthenticationState is not null)
            CanControl = WorkbenchPolicies.AllowsEngineControl((await AuthenticationState).User);
    }

    private void OnChanged()
    {
        if (_disposed) return;
        _ = InvokeAsync(() =>
        {
            if (_disposed) return;
            _servers = Registry.Servers;
            StateHasChanged();
        });
    }

    private void PresetChanged(ChangeEventArgs e)
    {
        _preset = e.Value?.ToString() ?? "";
        if (!int.TryParse(_preset, out var index) || index < 0 || index >= McpServerPreset.All.Count) return;
        var preset = McpServerPreset.All[index];
        _name = preset.Name;
        _entry = preset.Entry(new Uri(Navigation.BaseUri)).ToJsonString(new JsonSerializerOptions { WriteIndented = false });
    }

    private async Task AddAsync()
    {
        if (_adding) return;
        _addError = null;
        McpServerConfig config;
        try
        {
            var entry = JsonNode.Parse(_entry.Trim().Length == 0 ? "{}" : _entry);
            config = McpServersConfigFile.ParseEntry(_name.Trim(), entry);
        }
        catch (JsonException e)
        {
            _addError = $"The entry is not JSON: {e.Message}";
            return;
        }
        catch (McpConfigException e)
        {
            _addError = e.Message;
            return;
        }
        _adding = true;
        try
        {
            var added = await Registry.AddAsync(config);
            _servers = Registry.Servers;
            _notes[added.Name] = added.Status == McpServerStatus.Connected ? "Added and connected." : "Added; the connection failed (see its error).";
            _name = "";
            _entry = "";
            _preset = "";
        }
        catch (McpConfigException e)
        {
            _addError = e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "MCP servers widget: adding {Server} failed", config.Name);
            _addError = "Adding the server failed unexpectedly; see the server log.";
        }
        finally
        {
            _adding = false;
        }
    }

    private Task ReconnectAsync(string name) => RunAsync(name, async () =>
    {
        var s = await Registry.ReconnectAsync(name);
        return s.Status == McpServerStatus.Connected ? "Reconnected." : $"Reconnect: {s.Status.ToString().ToLowerInvariant()}.";
    });

    private Task PingAsync(string name) => RunAsync(name, async () => $"ping: {(await Registry.PingAsync(name)).TotalMilliseconds:0.0} ms");

    private Task RemoveAsync(string name) => RunAsync(name, async () =>
    {
        await Registry.RemoveAsync(name);
        return "Removed.";
    });

    private async Task RunAsync(string name, Func<Task<string>> action)
    {
        if (!_busy.Add(name)) return;
        _notes.Remove(name);
        try
        {
            _notes[name] = await action();
        }
        catch (Exception e) when (e is McpServerNotFoundException or McpServerUnavailableException)
        {
            _notes[name] = e.Message;
        }
        catch (Exception e)
        {
            Logger.LogError(e, "MCP servers widget: an action on {Server} failed", name);
            _notes[name] = "That failed unexpectedly; see the server log.";
        }
        finally
        {
            _busy.Remove(name);
            _servers = Registry.Servers;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Registry.Changed -= OnChanged;
    }
}
