namespace Workbench.Engine.Memory.Catalog;

/// <summary>The JSON document of <c>model-shapes.json</c>.</summary>
internal sealed class CatalogDocument
{
    public string? About { get; init; }
    public List<CatalogModel>? Models { get; init; }
    public List<GpuTier>? GpuTiers { get; init; }
}
