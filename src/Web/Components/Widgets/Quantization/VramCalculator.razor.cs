using System.Globalization;
using Microsoft.AspNetCore.Components;
using Workbench.Engine.Gguf;
using Workbench.Engine.Inference;
using Workbench.Engine.Memory;
using Workbench.Engine.Memory.Catalog;
using Workbench.Engine.Models;

namespace Workbench.Web.Components.Widgets.Quantization;

/// <summary>
/// Widget <c>vram-calculator</c>: <see cref="VramEstimator"/> on the loaded model (its GGUF header, and llama.cpp's
/// memory report of the load beside the estimate with the difference), on any GGUF of the model catalog (its header
/// only, through <see cref="GgufFile"/>: nothing is loaded), or on a catalogue model (<see cref="ModelShapeCatalog"/>);
/// a weight type (or the file's own tensor bytes), n_ctx, sequences and the KV cache type; a stacked bar of the
/// parts and how the total fits the lesson's GPU tiers.
/// Options (all optional): <c>source</c> (<c>loaded</c> | <c>file</c> | <c>catalog</c>; default <c>loaded</c>
/// when a model is loaded, else <c>catalog</c>), <c>model</c> (a catalogue id such as <c>qwen2.5-coder-7b</c>, or a
/// GGUF file name for <c>file</c>), <c>type</c> (a <see cref="WeightType"/> name such as <c>Q4_K_M</c>, or
/// <c>file</c>), <c>n_ctx</c> (default the loaded window, else 4096), <c>sequences</c> (1–64), <c>cache_type</c>
/// (<c>f16</c> | <c>q8_0</c> | <c>q4_0</c>).
/// </summary>
public partial class VramCalculator
{
    private const string FileType = "file";
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private IReadOnlyList<ModelFile> _files = [];
    private string _source = "catalog", _file = "", _catalogId = "", _type = "Q4_K_M", _cacheType = "f16", _title = "";
    private int _contextSize = 4096, _sequences = 1;
    private ModelShape? _shape;
    private VramBreakdown? _estimate;
    private LlamaMemoryReport? _report;
    private bool _reportMatchesSettings;
    private string? _error;

    /// <summary>The widget block's options (see the class summary).</summary>
    [Parameter] public IReadOnlyDictionary<string, string>? Options { get; set; }

    [Inject] private IInferenceEngine Engine { get; set; } = default!;
    [Inject] private ModelCatalog Models { get; set; } = default!;

    private static ModelShapeCatalog Catalog => ModelShapeCatalog.Default;
    private ModelInfo? LoadedModel => Engine.Model;

    /// <inheritdoc />
    protected override void OnInitialized()
    {
        _files = Models.List();
        var model = WidgetOptions.Text(Options, "model");
        _source = WidgetOptions.Text(Options, "source", LoadedModel is null ? "catalog" : "loaded") switch
        {
            "loaded" when LoadedModel is not null => "loaded",
            "file" => "file",
            _ => "catalog",
        };
        _catalogId = Catalog.Find(model)?.Id ?? Catalog.Models[0].Id;
        _file = _files.FirstOrDefault(f => f.FileName == model)?.FileName ?? LoadedModel?.Id ?? _files.FirstOrDefault()?.FileName ?? "";
        _type = WidgetOptions.Text(Options, "type", _source == "catalog" ? "Q4_K_M" : FileType);
        _contextSize = (int)Math.Clamp(WidgetOptions.Number(Options, "n_ctx", _source == "loaded" ? LoadedModel!.ContextSize : 4096) ?? 4096, 1, VramOptions.MaxContextSize);
        _sequences = (int)Math.Clamp(WidgetOptions.Number(Options, "sequences", _source == "loaded" ? LoadedModel!.ParallelSequences : 1) ?? 1, 1, 64);
        _cacheType = WidgetOptions.Text(Options, "cache_type", _source == "loaded" ? LoadedModel!.KvCacheType : "f16");
        Recalculate();
    }

    private Task SetAsync(Action change)
    {
        change();
        if (_source == "catalog" && _type == FileType) _type = "Q4_K_M";
        Recalculate();
        return Task.CompletedTask;
    }

    private void Recalculate()
    {
        _error = null;
        _report = null;
        try
        {
            long? fileBytes = null;
            switch (_source)
            {
                case "loaded" when LoadedModel is { } loaded:
                    var gguf = GgufFile.Open(loaded.Path);
                    (_shape, fileBytes, _title) = (ModelShape.FromGguf(gguf), ModelShape.TensorBytes(gguf), loaded.Id);
                    _report = loaded.MemoryReport;
                    break;
                case "file":
                    var path = Models.ResolveLoadable(_file) ?? throw new InvalidDataException(ModelCatalog.NotLoadableMessage);
                    var header = GgufFile.Open(path);
                    (_shape, fileBytes, _title) = (ModelShape.FromGguf(header), ModelShape.TensorBytes(header), _file);
                    break;
                default:
                    var entry = Catalog.Find(_catalogId) ?? Catalog.Models[0];
                    (_shape, _title) = (entry.Shape, entry.Name);
                    break;
            }
            var options = new VramOptions
            {
                WeightType = WeightType.Find(_type) ?? WeightType.Find("Q4_K_M")!,
                WeightBytes = _type == FileType ? fileBytes : null,
                ContextSize = _contextSize,
                Sequences = _sequences,
                CacheType = KvCacheTypes.Parse(_cacheType),
                BatchSize = VramEstimator.DefaultMicroBatch,
            };
            _estimate = VramEstimator.Estimate(_shape, options);
            _reportMatchesSettings = _report is not null && LoadedModel is { } m && _type == FileType
                && m.ContextSize == _contextSize && m.ParallelSequences == _sequences && m.KvCacheType == _cacheType;
        }
        catch (Exception e) when (e is GgufFormatException or InvalidDataException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            (_estimate, _shape, _error) = (null, null, e.Message);
        }
    }
}
