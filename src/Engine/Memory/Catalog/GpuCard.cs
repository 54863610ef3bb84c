using System.Text.Json.Serialization;

namespace Workbench.Engine.Memory.Catalog;

/// <summary>An example card of a <see cref="GpuTier"/>.</summary>
/// <param name="Name">Marketing name.</param>
/// <param name="GiB">Its memory in GiB (cards are sold in binary gigabytes: a "24 GB" card has 24 × 2^30 bytes).</param>
public sealed record GpuCard(string Name, [property: JsonPropertyName("gib")] double GiB);
