using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Workbench.Engine.Inference;
using Workbench.Engine.Models;
using Workbench.Web.Auth;
using Workbench.Web.Components.State;

namespace Workbench.Web.Components.Pages.Model;

/// <summary>The loaded model's metadata and GGUF keys; models found in the configured directories; loading a
/// model by path with a progress bar. Load failures show <see cref="EngineException.Message"/>. A load keeps
/// running when the user leaves the page (loading a large model is slow; the top bar shows its state); starting
/// another load cancels the previous one. Loading is for <see cref="WorkbenchPolicies.EngineControl"/> (the
/// instructor in classroom mode, the local learner in self-paced mode): for anyone else the page is read-only and
/// says why. A path must lie inside a model folder (<see cref="ModelCatalog.ResolveLoadable"/>).</summary>
public partial class ModelPage : IDisposable
{
    private IReadOnlyList<ModelFile> _files = [];
    private CancellationTokenSource? _loadCts;
    private bool _loading;
    private string? _loadingName;
    private float _progress;
    private string? _error;
    private string? _message;
    private string _path = "";
    private string _search = "";
    private bool _mayControl;

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private ModelCatalog Catalog { get; set; } = default!;
    [Inject] private EngineStateMonitor StateMonitor { get; set; } = default!;
    [Inject] private ILogger<ModelPage> Logger { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _files = Catalog.List();
        StateMonitor.Changed += OnEngineStateChanged;
        _mayControl = Authentication is not null && WorkbenchPolicies.AllowsEngineControl((await Authentication).User);
    }

    private void OnEngineStateChanged() => _ = InvokeAsync(StateHasChanged);

    /// <inheritdoc />
    public void Dispose() => StateMonitor.Changed -= OnEngineStateChanged;

    private Task LoadByPathAsync()
    {
        if (string.IsNullOrWhiteSpace(_path)) return Task.CompletedTask;
        if (Catalog.ResolveLoadable(_path) is { } path) return LoadAsync(path);
        _error = ModelCatalog.NotLoadableMessage;
        _message = null;
        return Task.CompletedTask;
    }

    private async Task LoadAsync(string path)
    {
        if (!_mayControl) return;
        _loadCts?.Cancel();
        var cts = new CancellationTokenSource();
        _loadCts = cts;
        _loading = true;
        _loadingName = Path.GetFileName(path);
        _progress = 0;
        _error = null;
        _message = null;
        StateMonitor.Refresh();
        try
        {
            var info = await Engine.LoadModelAsync(path, new LoadProgress(this), cts.Token);
            _message = $"Loaded {info.Id}.";
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            _message = null;
        }
        catch (EngineException ex)
        {
            _error = ex.Message;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException)
        {
            Logger.LogWarning(ex, "Model load failed for {Path}", path);
            _error = $"Could not load '{path}': {ex.Message}";
        }
        finally
        {
            if (ReferenceEquals(_loadCts, cts)) _loadCts = null;
            cts.Dispose();
            _loading = false;
            _files = Catalog.List();
            StateMonitor.Refresh();
        }
    }

    private IEnumerable<KeyValuePair<string, string>> FilteredMetadata(ModelInfo model) =>
        string.IsNullOrWhiteSpace(_search)
            ? model.Metadata
            : model.Metadata.Where(p => p.Key.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase)
                                     || p.Value.Contains(_search.Trim(), StringComparison.OrdinalIgnoreCase));

    private static IEnumerable<(string Label, string Value)> Rows(ModelInfo m)
    {
        yield return ("Architecture", m.Architecture);
        yield return ("Name", m.Name ?? "–");
        yield return ("File", m.Id);
        yield return ("Description", m.Description);
        yield return ("Parameters", $"{Count(m.ParameterCount)} ({m.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)})");
        yield return ("File type", m.FileType);
        yield return ("Size on disk", Size(m.SizeInBytes));
        yield return ("Context length (train)", m.ContextLengthTrain.ToString(CultureInfo.InvariantCulture));
        yield return ("Context window (n_ctx)", m.ContextSize.ToString(CultureInfo.InvariantCulture));
        yield return ("Embedding length", m.EmbeddingLength.ToString(CultureInfo.InvariantCulture));
        yield return ("Layers", m.LayerCount.ToString(CultureInfo.InvariantCulture));
        yield return ("Attention heads", m.HeadCount.ToString(CultureInfo.InvariantCulture));
        yield return ("KV heads", m.HeadCountKv.ToString(CultureInfo.InvariantCulture));
        yield return ("Vocabulary", $"{m.VocabType}, {m.VocabSize.ToString("N0", CultureInfo.InvariantCulture)} tokens");
        yield return ("BOS token", Special(m.BosToken, m.BosText));
        yield return ("EOS token", Special(m.EosToken, m.EosText));
        yield return ("Chat template", m.HasChatTemplate ? "present (from the GGUF)" : "none (the configured fallback is used)");
        yield return ("Path", m.Path);
    }

    private static string Special(int id, string? text) => id < 0 ? "none" : $"{id} {text}".Trim();

    /// <summary>A parameter count as 656K, 1.1B and so on.</summary>
    internal static string Count(long n) => n switch
    {
        >= 1_000_000_000 => (n / 1e9).ToString("0.##", CultureInfo.InvariantCulture) + "B",
        >= 1_000_000 => (n / 1e6).ToString("0.##", CultureInfo.InvariantCulture) + "M",
        >= 1_000 => (n / 1e3).ToString("0.##", CultureInfo.InvariantCulture) + "K",
        _ => n.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>A byte count in KiB, MiB or GiB.</summary>
    internal static string Size(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.##", CultureInfo.InvariantCulture) + " MiB",
        >= 1L << 10 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Percent(float p) => (p * 100).ToString("0", CultureInfo.InvariantCulture) + "%";

    /// <summary>Marshals llama.cpp's progress callbacks onto the circuit, re-rendering at most once per percent.</summary>
    private sealed class LoadProgress(ModelPage page) : IProgress<float>
    {
        private int _lastPercent = -1;

        public void Report(float value)
        {
            var percent = (int)(value * 100);
            if (Interlocked.Exchange(ref _lastPercent, percent) == percent) return;
            _ = page.InvokeAsync(() =>
            {
                page._progress = value;
                page.StateHasChanged();
            });
        }
    }
}
