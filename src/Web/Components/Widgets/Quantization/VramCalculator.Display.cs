using System.Globalization;
using Workbench.Engine.Memory;
using Workbench.Engine.Memory.Catalog;

namespace Workbench.Web.Components.Widgets.Quantization;

// How the calculator shows its numbers: the parts of the bar, sizes, differences and tier fits.
public partial class VramCalculator
{
    private sealed record Part(string Name, long Bytes, string Color, string How, Func<LlamaMemoryReport, double> Reported);

    private IReadOnlyList<Part> Parts => _estimate is not { } e ? [] :
    [
        new("Weights", e.WeightsBytes, "#3f51b5", e.WeightsFromFile ? "the file's tensor bytes" : $"parameters × {WeightType.Find(_type)?.BitsPerWeight.ToString("0.##", Invariant)} bits / 8", r => r.ModelMiB),
        new("KV cache", e.KvCacheBytes, "#e91e63", $"{e.KvCells:N0} cells × {Size(e.KvBytesPerToken)} per token", r => r.KvCacheMiB),
        new("Output", e.OutputBytes, "#ff9800", "sequences × n_vocab × 4 (F32 logits)", r => r.OutputMiB),
        new("Compute", e.ComputeBytes, "#009688", $"rule: n_ubatch {e.MicroBatch} × (n_vocab × 4 + n_kv × 2)", r => r.ComputeMiB),
    ];

    private string BarLabel => _estimate is not { } e ? "" :
        "Memory breakdown: " + string.Join(", ", Parts.Select(p => $"{p.Name} {Size(p.Bytes)}")) + $"; total {Size(e.TotalBytes)}";

    private string PartStyle(Part part)
    {
        double total = Math.Max(1, _estimate?.TotalBytes ?? 1);
        return string.Create(Invariant, $"width: {100.0 * part.Bytes / total:0.###}%; background: {part.Color}");
    }

    private static string TierStyle(GpuTierFit fit) => "border: 1px solid #ccc; border-radius: 6px; padding: 0.4rem; font-size: 0.85rem; background: "
        + fit switch { GpuTierFit.AllCards => "#e6f4ea", GpuTierFit.LargerCards => "#fff3c4", _ => "#fdecea" };

    private static string FitText(GpuTierFit fit) => fit switch
    {
        GpuTierFit.AllCards => "fits every card",
        GpuTierFit.LargerCards => "fits the larger cards only",
        _ => "does not fit",
    };

    /// <summary>Bytes in binary units: B, KiB, MiB, GiB.</summary>
    internal static string Size(long bytes) => bytes switch
    {
        < 1024 => $"{bytes} B",
        < 1024 * 1024 => string.Create(Invariant, $"{bytes / 1024.0:0.##} KiB"),
        < 1024L * 1024 * 1024 => string.Create(Invariant, $"{bytes / 1048576.0:0.##} MiB"),
        _ => string.Create(Invariant, $"{bytes / 1073741824.0:0.##} GiB"),
    };

    private static string Count(long parameters) => parameters switch
    {
        >= 1_000_000_000 => string.Create(Invariant, $"{parameters / 1e9:0.##}B"),
        >= 1_000_000 => string.Create(Invariant, $"{parameters / 1e6:0.##}M"),
        _ => string.Create(Invariant, $"{parameters / 1e3:0.#}K"),
    };

    /// <summary>Estimate − report, in MiB and percent of the report.</summary>
    private static string Difference(long estimateBytes, double reportedMiB)
    {
        double estimateMiB = estimateBytes / LlamaMemoryBuffer.BytesPerMiB;
        double delta = estimateMiB - reportedMiB;
        string percent = reportedMiB > 0 ? string.Create(Invariant, $" ({100 * delta / reportedMiB:+0.#;-0.#;0}%)") : "";
        return string.Create(Invariant, $"{delta:+0.00;-0.00;0.00} MiB{percent}");
    }

    private static int ParseInt(object? value, int fallback) =>
        int.TryParse(value?.ToString(), NumberStyles.Integer, Invariant, out var parsed) ? parsed : fallback;
}
