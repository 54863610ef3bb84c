using Microsoft.AspNetCore.Components;
using Workbench.Lab.Mcp;
using Workbench.Lab.Tools.Builtin;

namespace Workbench.Web.Components.Pages.Chat;

/// <summary>
/// The Tools panel beside the chat's sampling panel. Sources: none (the default: the chat behaves as without tools),
/// the built-in tools (<see cref="BuiltinTools"/>, when the app registers them) and each connected MCP server with
/// tools (<see cref="IMcpServerRegistry.Servers"/>, kept current through <see cref="IMcpServerRegistry.Changed"/>).
/// Picking a source offers one tool (<c>calculate</c>; on an MCP server <c>get-sum</c> when listed, else its first),
/// so the prompt stays small on a story model's window; the checkboxes offer more, and the first step's
/// <c>tool_choice</c> is <c>required</c> or one chosen tool. Edits <see cref="Selection"/> in place.
/// </summary>
public partial class ChatToolsPanel : IDisposable
{
    private IMcpServerRegistry? _registry;
    private bool _disposed;

    /// <summary>The choice edited in place.</summary>
    [Parameter, EditorRequired] public ChatToolSelection Selection { get; set; } = default!;

    /// <summary>Disables the controls (while a turn runs).</summary>
    [Parameter] public bool Disabled { get; set; }

    [Inject] private IServiceProvider Services { get; set; } = default!;

    private BuiltinTools? Builtins { get; set; }

    private IReadOnlyList<McpServerSnapshot> ConnectedServers =>
        _registry is null ? [] : [.. _registry.Servers.Where(s => s.Status == McpServerStatus.Connected && s.Tools.Count > 0)];

    /// <summary>The tool names of the chosen source, in its order (empty for none or a source that is gone).</summary>
    private IReadOnlyList<string> Names => Selection.Source switch
    {
        ChatToolSelection.NoneSource => [],
        ChatToolSelection.BuiltinSource => Builtins is null ? [] : BuiltinTools.Names,
        _ => ConnectedServers.FirstOrDefault(s => s.Name == Selection.McpServer)?.Tools.Select(t => t.Name).ToList() ?? [],
    };

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        Builtins = Services.GetService<BuiltinTools>();
        _registry = Services.GetService<IMcpServerRegistry>();
        if (_registry is not null) _registry.Changed += OnRegistryChanged;
    }

    private void OnRegistryChanged()
    {
        if (_disposed) return;
        _ = InvokeAsync(() =>
        {
            if (_disposed) return;
            // Tools a server no longer lists are no longer offered.
            if (Selection.McpServer is not null && !Disabled)
            {
                var names = Names;
                if (names.Count > 0) Selection.Tools.IntersectWith(names);
            }
            StateHasChanged();
        });
    }

    private void SourceChanged(ChangeEventArgs e)
    {
        Selection.Source = e.Value?.ToString() ?? ChatToolSelection.NoneSource;
        Selection.Tools.Clear();
        var names = Names;
        var preferred = Selection.McpServer is null ? CalculatorTool.ToolName : Widgets.Mcp.McpToolLoop.DefaultTool;
        if (names.Count > 0) Selection.Tools.Add(names.Contains(preferred) ? preferred : names[0]);
        Selection.FirstChoice = ChatToolSelection.RequiredChoice;
    }

    private void Toggle(string name, ChangeEventArgs e)
    {
        if (e.Value is true) Selection.Tools.Add(name);
        else Selection.Tools.Remove(name);
        if (!Selection.Tools.Contains(Selection.FirstChoice)) Selection.FirstChoice = ChatToolSelection.RequiredChoice;
    }

    private void ChoiceChanged(ChangeEventArgs e) =>
        Selection.FirstChoice = e.Value?.ToString() is { Length: > 0 } value ? value : ChatToolSelection.RequiredChoice;

    /// <inheritdoc />
    public void Dispose()
    {
        _disposed = true;
        if (_registry is not null) _registry.Changed -= OnRegistryChanged;
    }
}
