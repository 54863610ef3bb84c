using Microsoft.AspNetCore.Components;
using Workbench.Engine.Gguf;
using Workbench.Engine.Models;

namespace Workbench.Web.Components.Widgets.Quantization;

/// <summary>
/// Widget <c>weight-view</c>: one tensor of a "before" and an "after" model from the model folders
/// (<see cref="ModelCatalog.List"/>), read with the Engine's own GGUF reader and dequantizer
/// (<see cref="TensorComparison"/>): the two value histograms over one range, the error histogram, RMSE, max |error|
/// and bits per weight, and one block of the after tensor opened up (its fp16 scale(s), sub-block scale and min codes,
/// each value's quant, the dequantized value next to the original). Tensors over
/// <see cref="TensorComparison.DefaultMaxValues"/> values are sampled by evenly spaced rows, and the widget says so.
/// Work runs off the render thread; a new choice cancels the previous one.
/// Options, all optional: <c>before</c> (default <c>stories260K.gguf</c>), <c>after</c> (default the first other
/// file whose name starts with the before file's name, e.g. <c>stories260K-Q8_0.gguf</c>, else the next file),
/// <c>tensor</c> (default the first tensor of both files with a block type in the after file), <c>block</c>
/// (block number, default 0).
/// </summary>
public partial class WeightView : IDisposable
{
    private readonly string _id = "wv-" + Guid.NewGuid().ToString("N")[..8];
    private CancellationTokenSource? _cts;
    private IReadOnlyList<ModelFile> _models = [];
    private IReadOnlyList<string> _tensors = [];
    private string _before = "", _after = "", _tensor = "";
    private long _block;
    private TensorComparison? _comparison;
    private IReadOnlyList<HistogramBin> _beforeBins = [], _afterBins = [], _errorBins = [];
    private string? _error;
    private bool _busy;

    /// <summary>The widget block's options (<c>before</c>, <c>after</c>, <c>tensor</c>, <c>block</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private ModelCatalog Catalog { get; set; } = default!;
    [Inject] private IServiceProvider Services { get; set; } = default!;

    // The quantize queue when the host has one (the web app does): its finished files join the pickers.
    private Workbench.Web.Quantization.QuantizeJobQueue? QuantizeJobs => (Workbench.Web.Quantization.QuantizeJobQueue?)Services.GetService(typeof(Workbench.Web.Quantization.QuantizeJobQueue));

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        _models = Catalog.List();
        var names = _models.Select(m => m.FileName).ToList();
        _before = WidgetOptions.Text(Options, "before", names.Contains("stories260K.gguf") ? "stories260K.gguf" : names.FirstOrDefault() ?? "");
        string stem = Path.GetFileNameWithoutExtension(_before);
        _after = WidgetOptions.Text(Options, "after",
            names.FirstOrDefault(n => n != _before && n.StartsWith(stem, StringComparison.Ordinal))
            ?? names.FirstOrDefault(n => n != _before) ?? _before);
        _tensor = WidgetOptions.Text(Options, "tensor");
        _block = Math.Max(0, WidgetOptions.Number(Options, "block", 0) ?? 0);
        if (QuantizeJobs is { } jobs) jobs.Changed += OnQuantizeJobChanged;
        await RefreshAsync(keepTensor: true);
    }

    // A file the quantize widget just wrote joins the pickers; with no quantized file chosen yet, it becomes "after".
    private void OnQuantizeJobChanged(Workbench.Web.Quantization.QuantizeJobView job)
    {
        if (job.Status != "done" || job.Output is not { } output) return;
        _ = InvokeAsync(async () =>
        {
            _models = Catalog.List();
            if (_after == _before && job.Source == _before) { _after = output.Name; await RefreshAsync(keepTensor: true); }
            StateHasChanged();
        });
    }

    private Task BeforeChangedAsync(ChangeEventArgs e) { _before = e.Value?.ToString() ?? ""; return RefreshAsync(keepTensor: true); }

    private Task AfterChangedAsync(ChangeEventArgs e) { _after = e.Value?.ToString() ?? ""; return RefreshAsync(keepTensor: true); }

    private Task TensorChangedAsync(ChangeEventArgs e) { _tensor = e.Value?.ToString() ?? ""; _block = 0; return RefreshAsync(keepTensor: true); }

    private Task BlockChangedAsync(long delta) { _block = Math.Max(0, _block + delta); return RefreshAsync(keepTensor: true); }

    private async Task RefreshAsync(bool keepTensor)
    {
        _cts?.Cancel();
        var cts = _cts = new CancellationTokenSource();
        _busy = true;
        _error = null;
        try
        {
            var (before, after, tensor) = (_before, _after, _tensor);
            var block = _block;
            var result = await Task.Run(() => Load(before, after, keepTensor ? tensor : "", block), cts.Token);
            if (cts.IsCancellationRequested) return;
            (_tensors, _tensor, _comparison) = result;
            if (_comparison is { } c)
            {
                _block = c.BlockIndex;
                // The bins span the bulk of the original values (0.1st to 99.9th percentile); a few outliers would
                // otherwise squeeze every weight into a handful of bins. Values outside count in the end bins.
                var (min, max) = ValueHistogram.QuantileRange(c.Before, 0.001, 0.999);
                _beforeBins = ValueHistogram.Of(c.Before, min, max, 40);
                _afterBins = ValueHistogram.Of(c.After, min, max, 40);
                var errors = QuantizationError.Differences(c.Before, c.After);
                double e = Math.Max(c.Error.MaxAbsError, 1e-12);
                _errorBins = ValueHistogram.Of(errors, -e, e, 40);
            }
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is GgufFormatException or InvalidOperationException or KeyNotFoundException or NotSupportedException or IOException)
        {
            _comparison = null;
            _error = e.Message;
        }
        finally
        {
            if (ReferenceEquals(_cts, cts)) _busy = false;
        }
    }

    /// <summary>Reads both headers and compares the tensor (runs on the thread pool).</summary>
    private (IReadOnlyList<string> Tensors, string Tensor, TensorComparison? Comparison) Load(string before, string after, string tensor, long block)
    {
        var beforeFile = GgufFile.Open(Resolve(before));
        var afterFile = GgufFile.Open(Resolve(after));
        var common = TensorComparison.CommonTensors(beforeFile, afterFile);
        if (common.Count == 0)
            throw new InvalidOperationException($"'{before}' and '{after}' have no tensor of the same name and shape: they are different models.");
        if (tensor.Length == 0 || !common.Contains(tensor))
        {
            tensor = tensor.Length > 0 && beforeFile.FindTensor(tensor) is not null
                ? tensor // let Compare say why (a different shape, or missing from the after file)
                : common.FirstOrDefault(n => QuantBlockView.CanOpen(afterFile.GetTensor(n).Type)) ?? common[0];
        }
        return (common, tensor, TensorComparison.Compare(beforeFile, afterFile, tensor, block));
    }

    private string Resolve(string name) =>
        _models.FirstOrDefault(m => m.FileName == name)?.Path
        ?? throw new FileNotFoundException($"No model file named '{name}' in the model folders.");

    private static string Bits(GgmlType type) => GgmlTypeTraits.For(type).BitsPerWeight.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        if (QuantizeJobs is { } jobs) jobs.Changed -= OnQuantizeJobChanged;
        _cts?.Cancel();
        _cts?.Dispose();
        GC.SuppressFinalize(this);
    }
}
