using System.Text.Json.Serialization;

namespace Workbench.Engine.Memory.Catalog;

/// <summary>A GPU memory tier of the coding lesson (8–12, 16–24, 48–96, 80+ GB) with example cards.</summary>
/// <param name="Id">Stable id (<c>16-24</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="MinGiB">Smallest card of the tier, GiB.</param>
/// <param name="MaxGiB">Largest card of the tier, GiB.</param>
/// <param name="Examples">Example cards.</param>
public sealed record GpuTier(
    string Id,
    string Name,
    [property: JsonPropertyName("min_gib")] double MinGiB,
    [property: JsonPropertyName("max_gib")] double MaxGiB,
    IReadOnlyList<GpuCard> Examples)
{
    /// <summary>Bytes in one GiB.</summary>
    public const double BytesPerGiB = 1024.0 * 1024 * 1024;

    /// <summary>How <paramref name="bytes"/> fits this tier: every card (≤ <see cref="MinGiB"/>), only the larger
    /// cards (≤ <see cref="MaxGiB"/>), or none. No headroom is added: the desktop, the CUDA context (a few hundred
    /// MiB) and other programs need some too.</summary>
    public GpuTierFit Fit(long bytes) =>
        bytes <= MinGiB * BytesPerGiB ? GpuTierFit.AllCards
        : bytes <= MaxGiB * BytesPerGiB ? GpuTierFit.LargerCards
        : GpuTierFit.None;
}
