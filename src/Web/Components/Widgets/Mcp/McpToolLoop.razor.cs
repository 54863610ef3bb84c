using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.AI;
using Workbench.Lab.Mcp;
using Workbench.Web.Components.Widgets.Tools;

namespace Workbench.Web.Components.Widgets.Mcp;

/// <summary>
/// Widget <c>mcp-tool-loop</c>: <see cref="ToolLoopTraceView"/> (a <c>ToolLoop</c> over <c>EngineChatClient</c>, the
/// first step forced) whose tools are one connected server's, from <see cref="IMcpServerRegistry.GetTools"/>: each
/// call the model writes goes out as <c>tools/call</c> (schema check, timeout, traffic log), so the trace and the
/// traffic panel show the same call. Options: <c>server</c> (default the first connected server), <c>tools</c>
/// (comma list; default <c>get-sum</c> when the server has it, else its first tool), and the trace's own
/// <c>prompt</c>, <c>tool_choice</c>, <c>max_iterations</c>, <c>max_tokens</c>, <c>seed</c>.
/// </summary>
public partial class McpToolLoop : IDisposable
{
    /// <summary>The tool offered by default when the server has it (server-everything's).</summary>
    public const string DefaultTool = "get-sum";

    private readonly string _id = "mcpl-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<McpServerSnapshot> _servers = [];
    private string _server = "";
    private int _generation;
    // The user's backend choice, kept across the trace views Rebuild makes (a server re-listing its tools, as
    // server-everything does after connecting, must not reset it).
    private string? _backend;
    private string _toolsKey = "";
    private bool _disposed;

    /// <summary>The widget block's options (<c>server</c>, <c>tools</c>, <c>prompt</c>, <c>tool_choice</c>,
    /// <c>max_iterations</c>, <c>max_tokens</c>, <c>seed</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IMcpServerRegistry Registry { get; set; } = default!;

    private IReadOnlyList<McpServerSnapshot> Connected => [.. _servers.Where(s => s.Status == McpServerStatus.Connected && s.Tools.Count > 0)];

    private McpServerSnapshot? Selected => Connected.FirstOrDefault(s => s.Name == _server);

    private ToolLoopToolSource? Source { get; set; }

    private IReadOnlyDictionary<string, string> LoopOptions { get; set; } = new Dictionary<string, string>();

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _servers = Registry.Servers;
        Registry.Changed += OnChanged;
        var wanted = WidgetOptions.Text(Options, "server");
        _server = Connected.Any(s => s.Name == wanted) ? wanted : Connected.FirstOrDefault()?.Name ?? wanted;
        Rebuild();
    }

    private void OnChanged()
    {
        if (_disposed) return;
        _ = InvokeAsync(() =>
        {
            if (_disposed) return;
            _servers = Registry.Servers;
            if (Selected is null && Connected.FirstOrDefault() is { } first) _server = first.Name;
            // Re-render in any case: the server list in the picker changed even when the selected server did not
            // (Rebuild only keeps a running loop's trace from being reset).
            Rebuild();
            StateHasChanged();
        });
    }

    private void ServerChanged(ChangeEventArgs e)
    {
        _server = e.Value?.ToString() ?? "";
        Rebuild();
    }

    // A new source (and a new trace view) only when the server or its tool names changed, so a running loop is
    // not reset by an unrelated change.
    private bool Rebuild()
    {
        var server = Selected;
        var key = server is null ? "" : server.Name + "\n" + string.Join("\n", server.Tools.Select(t => t.Name));
        if (key == _toolsKey) return false;
        _toolsKey = key;
        _generation++;
        if (server is null)
        {
            Source = null;
            return true;
        }
        var name = server.Name;
        var names = server.Tools.Select(t => t.Name).ToList();
        Source = new ToolLoopToolSource($"Tools of {name} offered", names, chosen => Resolve(name, chosen));
        var options = new Dictionary<string, string>(Options ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        if (!options.ContainsKey("tools")) options["tools"] = names.Contains(DefaultTool) ? DefaultTool : names[0];
        if (!options.ContainsKey("prompt")) options["prompt"] = "What is 2 plus 3?";
        LoopOptions = options;
        return true;
    }

    private IReadOnlyList<AIFunction> Resolve(string server, IReadOnlyList<string> names)
    {
        IReadOnlyList<AIFunction> tools;
        try
        {
            tools = Registry.GetTools(server);
        }
        catch (McpServerNotFoundException e)
        {
            throw new ArgumentException(e.Message, e);
        }
        var chosen = tools.Where(t => names.Contains(t.Name)).ToList();
        if (chosen.Count == 0)
            throw new ArgumentException($"MCP server '{server}' is not connected or no longer lists the chosen tools.");
        return chosen;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        Registry.Changed -= OnChanged;
    }
}
