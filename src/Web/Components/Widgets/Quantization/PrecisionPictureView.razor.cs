using System.Globalization;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Gguf;
using Workbench.Engine.Models;

namespace Workbench.Web.Components.Widgets.Quantization;

/// <summary>
/// Widget <c>precision-picture</c>, the lecture's "Let's visualize this!": N parameters shown at FP32, Q8_0, Q4_0
/// and Q2 (<see cref="PrecisionPicture"/>; "Q2" is ggml's Q2_0 block of 64 — one fp16 scale and 2-bit codes for
/// −d, 0, +d, +2d — not llama.cpp's Q2_K, which the caption explains). Each precision gets a heat-map grid of the
/// values on one shared colour scale (full colour at the 98th percentile of |value|) (the first <see cref="MaxCells"/> values when N is larger, said so), a histogram
/// of its values on one shared range, and its bits per weight, bytes, RMSE, max |error| and how many distinct values
/// remain. The values are seeded (normal, σ 0.02, a few outliers) or the first N of a real tensor of a model file.
/// Options, all optional: <c>n</c> (multiple of 64 in 64..4096, default 256), <c>seed</c> (default 1),
/// <c>model</c> (default <c>stories260K.gguf</c>, for the tensor list) and <c>tensor</c> (default none: seeded values).
/// </summary>
public partial class PrecisionPictureView : IDisposable
{
    /// <summary>Most heat-map cells drawn per precision.</summary>
    public const int MaxCells = 1024;

    /// <summary>Heat-map cells per row.</summary>
    public const int Columns = 32;

    private static readonly int[] Counts = [64, 128, 256, 512, 1024, 2048, 4096];

    private readonly string _id = "pp-" + Guid.NewGuid().ToString("N")[..8];
    private CancellationTokenSource? _cts;
    private int _count = 256, _seed = 1;
    private string _model = "", _tensor = "";
    private IReadOnlyList<string> _tensors = [];
    private IReadOnlyList<PrecisionLevel> _levels = [];
    private IReadOnlyDictionary<GgmlType, IReadOnlyList<HistogramBin>> _bins = new Dictionary<GgmlType, IReadOnlyList<HistogramBin>>();
    private double _scale = 1;
    private string? _error;
    private bool _busy;

    /// <summary>The widget block's options (<c>n</c>, <c>seed</c>, <c>model</c>, <c>tensor</c>).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private ModelCatalog Catalog { get; set; } = default!;

    /// <inheritdoc />
    protected override async Task OnInitializedAsync()
    {
        long n = WidgetOptions.Number(Options, "n", 256) ?? 256;
        _count = (int)Math.Clamp(n / 64 * 64, PrecisionPicture.MinCount, PrecisionPicture.MaxCount);
        _seed = (int)(WidgetOptions.Number(Options, "seed", 1) ?? 1);
        _model = WidgetOptions.Text(Options, "model", "stories260K.gguf");
        _tensor = WidgetOptions.Text(Options, "tensor");
        await RefreshAsync();
    }

    private Task CountChangedAsync(ChangeEventArgs e) { _count = int.Parse(e.Value?.ToString() ?? "256", CultureInfo.InvariantCulture); return RefreshAsync(); }

    private Task SeedChangedAsync(ChangeEventArgs e) { _seed = int.TryParse(e.Value?.ToString(), CultureInfo.InvariantCulture, out var s) ? s : 1; return RefreshAsync(); }

    private Task SourceChangedAsync(ChangeEventArgs e) { _tensor = e.Value?.ToString() ?? ""; return RefreshAsync(); }

    private async Task RefreshAsync()
    {
        _cts?.Cancel();
        var cts = _cts = new CancellationTokenSource();
        _busy = true;
        _error = null;
        try
        {
            var (count, seed, model, tensor) = (_count, _seed, _model, _tensor);
            var path = Catalog.List().FirstOrDefault(m => m.FileName == model)?.Path;
            var result = await Task.Run(() => Compute(count, seed, path, tensor), cts.Token);
            if (cts.IsCancellationRequested) return;
            (_tensors, _levels, _bins, _scale) = result;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is GgufFormatException or IOException or NotSupportedException or KeyNotFoundException or ArgumentException)
        {
            _levels = [];
            _error = e.Message;
        }
        finally
        {
            if (ReferenceEquals(_cts, cts)) _busy = false;
        }
    }

    private static (IReadOnlyList<string>, IReadOnlyList<PrecisionLevel>, IReadOnlyDictionary<GgmlType, IReadOnlyList<HistogramBin>>, double) Compute(
        int count, int seed, string? modelPath, string tensor)
    {
        IReadOnlyList<string> tensors = [];
        float[] values;
        GgufFile? file = modelPath is null ? null : GgufFile.Open(modelPath);
        if (file is not null)
            tensors = file.Tensors.Where(t => Dequantizer.IsSupported(t.Type) && t.ElementCount >= count).Select(t => t.Name).ToArray();
        if (tensor.Length > 0)
        {
            if (file is null) throw new KeyNotFoundException("No model file to take the tensor from: the model option names no file in the model folders.");
            var info = file.GetTensor(tensor);
            if (info.ElementCount < count) throw new ArgumentException($"Tensor '{tensor}' has only {info.ElementCount} values; choose a smaller N.");
            long rows = (count + info.RowLength - 1) / info.RowLength;
            values = Dequantizer.ReadTensor(file, info, 0, rows)[..count];
        }
        else
        {
            values = PrecisionPicture.SeededValues(count, seed);
        }
        var levels = PrecisionPicture.Simulate(values);
        var (min, max) = ValueHistogram.Range(values);
        foreach (var level in levels)
        {
            var (lo, hi) = ValueHistogram.Range(level.Values);
            (min, max) = (Math.Min(min, lo), Math.Max(max, hi));
        }
        var bins = levels.ToDictionary(l => l.Type, l => ValueHistogram.Of(l.Values, min, max, 30));
        // Full colour at the 98th percentile of |original|, so a few outliers do not wash the grid out.
        var magnitudes = values.Select(Math.Abs).Order().ToArray();
        double scale = Math.Max(magnitudes[(int)((magnitudes.Length - 1) * 0.98)], 1e-12);
        return (tensors, levels, bins, scale);
    }

    /// <summary>A diverging colour for <paramref name="value"/>: blue below 0, white at 0, red above, full at ±scale.</summary>
    internal static string Colour(float value, double scale)
    {
        double t = Math.Clamp(value / scale, -1, 1);
        (int r, int g, int b) end = t < 0 ? (33, 102, 172) : (178, 24, 43);
        double a = Math.Abs(t);
        int Mix(int to) => (int)Math.Round(255 + (to - 255) * a);
        return $"#{Mix(end.r):x2}{Mix(end.g):x2}{Mix(end.b):x2}";
    }

    private static string G(double v) => v.ToString("G3", CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public void Dispose()
    {
        _cts?.Cancel();
        _cts?.Dispose();
        GC.SuppressFinalize(this);
    }
}
