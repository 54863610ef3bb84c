using System.Text.Json;

namespace Workbench.Engine.Memory.Catalog;

/// <summary>The catalogue of real model shapes and the lesson's GPU tiers: <c>src/Engine/Memory/Catalog/model-shapes.json</c>,
/// embedded in the Engine assembly (each model's numbers from its Hugging Face <c>config.json</c>, named in the entry).</summary>
public sealed class ModelShapeCatalog
{
    private static readonly Lazy<ModelShapeCatalog> Embedded = new(LoadEmbedded);

    private ModelShapeCatalog(IReadOnlyList<CatalogModel> models, IReadOnlyList<GpuTier> tiers)
    {
        Models = models;
        GpuTiers = tiers;
    }

    /// <summary>The catalogue shipped in the assembly (parsed once).</summary>
    public static ModelShapeCatalog Default => Embedded.Value;

    /// <summary>The models, smallest first as the file lists them.</summary>
    public IReadOnlyList<CatalogModel> Models { get; }

    /// <summary>The GPU tiers, smallest first.</summary>
    public IReadOnlyList<GpuTier> GpuTiers { get; }

    /// <summary>The model with <paramref name="id"/> (case-insensitive), or null.</summary>
    public CatalogModel? Find(string? id) =>
        id is null ? null : Models.FirstOrDefault(m => string.Equals(m.Id, id, StringComparison.OrdinalIgnoreCase));

    /// <summary>Parses a catalogue document (the shape of <c>model-shapes.json</c>: <c>models</c>, <c>gpu_tiers</c>,
    /// snake_case keys).</summary>
    /// <exception cref="InvalidDataException">The JSON is malformed, or a model or tier is missing or repeats its id.</exception>
    public static ModelShapeCatalog Parse(Stream json)
    {
        ArgumentNullException.ThrowIfNull(json);
        CatalogDocument? document;
        try
        {
            document = JsonSerializer.Deserialize(json, MemoryJsonContext.Default.CatalogDocument);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"The model-shape catalogue is not valid: {e.Message}", e);
        }
        if (document?.Models is not { Count: > 0 } models || document.GpuTiers is not { Count: > 0 } tiers)
            throw new InvalidDataException("The model-shape catalogue needs 'models' and 'gpu_tiers'.");
        if (models.GroupBy(m => m.Id, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } repeated)
            throw new InvalidDataException($"The model-shape catalogue lists '{repeated.Key}' twice.");
        return new ModelShapeCatalog(models, tiers);
    }

    private static ModelShapeCatalog LoadEmbedded()
    {
        using var stream = typeof(ModelShapeCatalog).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidDataException($"The Engine assembly lacks its embedded '{ResourceName}'.");
        return Parse(stream);
    }

    internal const string ResourceName = "Workbench.Engine.Memory.Catalog.model-shapes.json";
}
