using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Workbench.Lab.Agent;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// The workspace of one <see cref="AgentRunRecord"/> (issue 14 §2): a file tree (the task's files and those the agent
/// created, changed and new ones marked), the selected file at its current text in a read-only Monaco editor
/// (rebuilt by <see cref="WorkspaceFile.Build"/> from <see cref="Original"/> and the kept edits), and Monaco's diff
/// editor (<c>monaco.editor.createDiffEditor</c>, <c>wwwroot/js/agent/agent-monaco.js</c>) for one edit (its before
/// and after, rolled back or kept) or the whole run (the selected file's original against its final text). The run's
/// unified diff is below, collapsed.
/// </summary>
public partial class AgentWorkspaceView : IAsyncDisposable
{
    /// <summary>The JavaScript module's path.</summary>
    public const string ModulePath = "./js/agent/agent-monaco.js";

    private readonly string _id = "agent-ws-" + Guid.NewGuid().ToString("N")[..8];
    private IReadOnlyList<WorkspaceFile> _files = [];
    private string? _selected;
    private int? _lastSelectedEdit;
    private IJSObjectReference? _module;
    private (string Text, string Language, string Label)? _shownFile;
    private (string Before, string After, string Language, string Label)? _shownDiff;
    private bool _disposed;

    /// <summary>The run (a newer snapshot re-renders it).</summary>
    [Parameter, EditorRequired] public AgentRunRecord Record { get; set; } = default!;

    /// <summary>The task's files as copied into the workspace (path → text; <see cref="TaskFiles.Read"/>).</summary>
    [Parameter, EditorRequired] public IReadOnlyDictionary<string, string> Original { get; set; } = default!;

    /// <summary>The edit the diff editor shows (index into <see cref="AgentRunRecord.Edits"/>); null = the whole run
    /// for the selected file.</summary>
    [Parameter] public int? SelectedEdit { get; set; }

    /// <summary>Raised when the user picks another edit (two-way binding of <see cref="SelectedEdit"/>).</summary>
    [Parameter] public EventCallback<int?> SelectedEditChanged { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The files shown in the tree.</summary>
    internal IReadOnlyList<WorkspaceFile> Files => _files;

    private string EditorHostId => _id + "-editor";

    private string DiffHostId => _id + "-diff";

    private AgentFileEdit? Edit => SelectedEdit is { } i && i >= 0 && i < Record.Edits.Count ? Record.Edits[i] : null;

    private string DiffCaption => Edit is { } e
        ? $"Edit {SelectedEdit + 1} (step {e.Step}) of {e.Path}: before → after{(e.RolledBack ? $", rolled back ({e.SyntaxError ?? "syntax error"})" : ", kept")}"
        : $"Whole run: {_selected ?? "(no file)"}, original → final";

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        _files = WorkspaceFile.Build(Original, Record.Edits);
        if (SelectedEdit != _lastSelectedEdit)
        {
            _lastSelectedEdit = SelectedEdit;
            if (Edit is { } edit) _selected = edit.Path;
        }
        if (_selected is null || _files.All(f => f.Path != _selected))
            _selected = (_files.FirstOrDefault(f => f.Changed) ?? _files.FirstOrDefault(f => !f.Path.EndsWith(".md", StringComparison.Ordinal)) ?? _files.FirstOrDefault())?.Path;
    }

    private async Task SelectFile(string path)
    {
        _selected = path;
        if (Edit is { } edit && edit.Path != path) await SetEdit(null);
    }

    private Task EditChanged(ChangeEventArgs e) =>
        SetEdit(int.TryParse(e.Value?.ToString(), out var i) && i >= 0 && i < Record.Edits.Count ? i : null);

    private async Task SetEdit(int? index)
    {
        SelectedEdit = index;
        _lastSelectedEdit = index;
        if (Edit is { } edit) _selected = edit.Path;
        await SelectedEditChanged.InvokeAsync(index);
    }

    private static int Depth(string path) => path.Count(c => c == '/');

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed) return;
        try
        {
            _module ??= await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            if (_module is null) return;
            var file = _files.FirstOrDefault(f => f.Path == _selected);
            var wantedFile = file is null ? ("", "plaintext", "Editor: no file") : (file.Current, WorkspaceFile.LanguageOf(file.Path), $"Editor: {file.Path} (read-only)");
            if (_shownFile != wantedFile)
            {
                _shownFile = wantedFile;
                await _module.InvokeAsync<bool>("showFile", EditorHostId, wantedFile.Item1, wantedFile.Item2, wantedFile.Item3);
            }
            var wantedDiff = Edit is { } edit
                ? (edit.Before, edit.After, WorkspaceFile.LanguageOf(edit.Path), $"Diff of edit {SelectedEdit + 1}: {edit.Path}")
                : (file?.Original ?? "", file?.Current ?? "", WorkspaceFile.LanguageOf(file?.Path ?? ""), $"Diff of the whole run: {file?.Path}");
            if (_shownDiff != wantedDiff)
            {
                _shownDiff = wantedDiff;
                await _module.InvokeAsync<bool>("showDiff", DiffHostId, wantedDiff.Item1, wantedDiff.Item2, wantedDiff.Item3, wantedDiff.Item4);
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone: nothing to draw into.
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        if (_module is null) return;
        try
        {
            await _module.InvokeVoidAsync("dispose", (object)new[] { EditorHostId, DiffHostId });
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone with its editors.
        }
        GC.SuppressFinalize(this);
    }
}
