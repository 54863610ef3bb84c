using Microsoft.AspNetCore.Components;
using Workbench.Engine.Inference;
using Workbench.Engine.Tools;

namespace Workbench.Web.Components.Widgets.Tools;

/// <summary>
/// Widget <c>tool-format-gallery</c>: <see cref="GalleryConversation"/> rendered through
/// <see cref="IInferenceEngine.RenderChatAsync"/> with each template of the <see cref="ChatTemplateLibrary"/> as
/// <see cref="ChatRenderRequest.TemplateSource"/>, one card per template whose tool-call format is detected, the call
/// markup marked (<see cref="CallMarkup"/>). A template that raises shows the engine's message on its card; a missing
/// folder is said plainly. Options (see <c>LabWidgets.ToolFormatGallery</c>): <c>families</c> (comma list of
/// <c>hermes</c>, <c>qwen3-coder</c>, <c>llama31</c>, <c>mistral</c>; default all four).
/// </summary>
public partial class ToolFormatGallery : IDisposable
{
    private readonly CancellationTokenSource _cts = new();
    private List<GalleryEntry> _entries = [];
    private List<string> _others = [];
    private bool _busy;
    private bool _missing;
    private string? _error;

    /// <summary>The widget block's options (<c>families</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private ChatTemplateLibrary Library { get; set; } = default!;
    [Inject] private ILogger<ToolFormatGallery> Logger { get; set; } = default!;

    /// <summary>The formats shown, from the <c>families</c> option.</summary>
    private IReadOnlySet<ToolCallFormat> Families()
    {
        var text = WidgetOptions.Text(Options, "families");
        if (text.Trim().Length == 0) return Enum.GetValues<ToolCallFormat>().ToHashSet();
        return text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.ToLowerInvariant() switch
            {
                "hermes" => ToolCallFormat.Hermes,
                "qwen3-coder" => ToolCallFormat.Qwen3Coder,
                "llama31" => ToolCallFormat.Llama31,
                "mistral" => ToolCallFormat.Mistral,
                _ => (ToolCallFormat?)null,
            })
            .OfType<ToolCallFormat>().ToHashSet();
    }

    /// <inheritdoc />
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender) await RenderAsync();
    }

    private async Task RenderAsync()
    {
        if (_busy) return;
        _busy = true;
        _error = null;
        StateHasChanged();
        try
        {
            _missing = !Library.Exists;
            var families = Families();
            var templates = Library.Read();
            _others = templates.Where(t => t.Format is null).Select(t => t.FileName).ToList();
            var entries = new List<GalleryEntry>();
            foreach (var template in templates.Where(t => t.Format is { } f && families.Contains(f)))
            {
                entries.Add(await RenderOneAsync(template, _cts.Token));
            }
            _entries = entries;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
            return;
        }
        catch (IOException ex)
        {
            _error = $"The templates could not be read: {ex.Message}";
        }
        finally
        {
            _busy = false;
        }
        StateHasChanged();
    }

    private async Task<GalleryEntry> RenderOneAsync(ChatTemplateFile template, CancellationToken cancellationToken)
    {
        try
        {
            var rendered = await Engine.RenderChatAsync(GalleryConversation.Request(template.Source), cancellationToken);
            return new GalleryEntry(template, rendered.Text, null);
        }
        catch (EngineException ex)
        {
            return new GalleryEntry(template, null, ex.Message);
        }
        catch (HttpRequestException ex)
        {
            Logger.LogWarning(ex, "Format gallery: rendering {Template} failed", template.FileName);
            return new GalleryEntry(template, null, "The engine could not be reached: " + ex.Message);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
