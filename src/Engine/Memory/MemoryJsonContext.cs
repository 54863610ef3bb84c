using System.Text.Json.Serialization;
using Workbench.Engine.Memory.Catalog;

namespace Workbench.Engine.Memory;

/// <summary>Source-generated JSON metadata for the memory types (snake_case, as <c>model-shapes.json</c> and the
/// <c>/api/vram</c> answer are written).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CatalogDocument))]
[JsonSerializable(typeof(VramBreakdown))]
[JsonSerializable(typeof(ModelShape))]
[JsonSerializable(typeof(LlamaMemoryReport))]
internal sealed partial class MemoryJsonContext : JsonSerializerContext;
