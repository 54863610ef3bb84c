using BlazorMonaco.Editor;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;

namespace Workbench.Web.Components.Pages.Labs;

/// <summary>
/// Monaco (BlazorMonaco) editors for an exercise's files, one tab per file, with drafts kept in the browser's
/// localStorage and compiler diagnostics shown as markers. The parent reads the text with
/// <see cref="GetFilesAsync"/>.
/// </summary>
public partial class CodeEditor
{
    /// <summary>The JavaScript module (under wwwroot).</summary>
    public const string ModulePath = "./js/labs/monaco-support.js";

    private readonly string _id = "code-" + Guid.NewGuid().ToString("N")[..8];
    private StandaloneCodeEditor?[] _editors = [];
    private Dictionary<string, string> _texts = new(StringComparer.Ordinal);
    private Dictionary<string, int> _errorCounts = new(StringComparer.Ordinal);
    private IJSObjectReference? _module;
    private bool _monacoReady;
    private bool _fallback;
    private string? _loadError;
    private int _active;

    /// <summary>The files with their starter content, in tab order.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<StarterFile> Files { get; set; } = [];

    /// <summary>Monaco language id: <c>csharp</c> (default), <c>json</c> or <c>plaintext</c>.</summary>
    [Parameter] public string Language { get; set; } = "csharp";

    /// <summary>The exercise title, for the editor's accessible name.</summary>
    [Parameter] public string ExerciseTitle { get; set; } = "";

    /// <summary>localStorage key prefix of this user's drafts of this exercise (the file name is appended), or
    /// null to keep no drafts.</summary>
    [Parameter] public string? DraftKeyPrefix { get; set; }

    [Inject] private IJSRuntime JS { get; set; } = default!;

    /// <summary>The DOM id of file <paramref name="index"/>'s editor.</summary>
    /// <param name="index">0-based tab index.</param>
    public string EditorId(int index) => $"{_id}-editor-{index}";

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        if (_editors.Length != Files.Count) _editors = new StandaloneCodeEditor?[Files.Count];
        foreach (var file in Files) _texts.TryAdd(file.Name, file.Content);
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender) return;
        try
        {
            _module = await JS.InvokeAsync<IJSObjectReference>("import", ModulePath);
            await _module.InvokeVoidAsync("ensureMonaco");
            _monacoReady = true;
        }
        catch (JSException ex)
        {
            _loadError = ex.Message;
            _fallback = true;
        }
        catch (JSDisconnectedException)
        {
            return;
        }
        StateHasChanged();
    }

    private StandaloneEditorConstructionOptions Options(StarterFile file) => new()
    {
        Value = _texts.GetValueOrDefault(file.Name, file.Content),
        Language = Language,
        AutomaticLayout = true,
        Minimap = new EditorMinimapOptions { Enabled = false },
        ScrollBeyondLastLine = false,
        FontSize = 14,
        TabSize = 4,
        AriaLabel = $"{file.Name} editor",
    };

    private async Task OnEditorReadyAsync(int index)
    {
        if (_module is null || DraftKeyPrefix is null || index >= Files.Count) return;
        try
        {
            await _module.InvokeAsync<bool>("attachDraft", EditorId(index), DraftKeyPrefix + Files[index].Name);
        }
        catch (JSDisconnectedException)
        {
        }
    }

    /// <summary>The current text of every file (from Monaco, or the fallback text areas), by file name.</summary>
    public async Task<IReadOnlyDictionary<string, string>> GetFilesAsync()
    {
        for (var i = 0; i < Files.Count; i++)
        {
            if (_editors[i] is { } editor) _texts[Files[i].Name] = await editor.GetValue() ?? _texts[Files[i].Name];
        }
        return Files.ToDictionary(f => f.Name, f => _texts[f.Name], StringComparer.Ordinal);
    }

    /// <summary>Replaces every file with its starter content and forgets the drafts.</summary>
    public async Task ResetAsync()
    {
        for (var i = 0; i < Files.Count; i++)
        {
            _texts[Files[i].Name] = Files[i].Content;
            if (_module is not null && DraftKeyPrefix is not null) await _module.InvokeVoidAsync("clearDraft", DraftKeyPrefix + Files[i].Name);
            if (_editors[i] is { } editor) await editor.SetValue(Files[i].Content);
        }
        await ShowDiagnosticsAsync([]);
    }

    /// <summary>Shows <paramref name="diagnostics"/> as markers in each file's editor (1-based positions, as
    /// Roslyn's are mapped) and counts errors on the tabs; an empty list clears them.</summary>
    /// <param name="diagnostics">Diagnostics of any of the files.</param>
    public async Task ShowDiagnosticsAsync(IReadOnlyList<CompileDiagnostic> diagnostics)
    {
        _errorCounts = diagnostics.Where(d => d.Severity == "error").GroupBy(d => d.File).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
        var firstWithError = Files.ToList().FindIndex(f => _errorCounts.ContainsKey(f.Name));
        if (firstWithError >= 0) _active = firstWithError;
        if (_module is not null && _monacoReady)
        {
            for (var i = 0; i < Files.Count; i++)
            {
                var markers = diagnostics.Where(d => d.File == Files[i].Name)
                    .Select(d => new { line = d.Line, column = d.Column, endLine = d.EndLine, endColumn = d.EndColumn, severity = d.Severity, code = d.Code, message = d.Message })
                    .ToArray();
                try
                {
                    await _module.InvokeAsync<int>("setMarkers", EditorId(i), markers);
                }
                catch (JSDisconnectedException)
                {
                    return;
                }
            }
        }
        StateHasChanged();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_module is null) return;
        try
        {
            await _module.DisposeAsync();
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; so is the module.
        }
        GC.SuppressFinalize(this);
    }
}
