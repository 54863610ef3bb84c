namespace Workbench.Engine.Memory.Catalog;

/// <summary>One real model of the catalogue (<c>model-shapes.json</c>).</summary>
/// <param name="Id">Stable id for the API and the widget (<c>qwen2.5-coder-7b</c>).</param>
/// <param name="Name">Display name.</param>
/// <param name="HfRepo">Hugging Face repository whose <c>config.json</c> the shape is from.</param>
/// <param name="Source">URL of that <c>config.json</c>.</param>
/// <param name="ParametersSource">Where <see cref="ModelShape.Parameters"/> comes from (the model card's figure).</param>
/// <param name="Notes">What is special about it (MoE, MLA, rope scaling); may be empty.</param>
/// <param name="Shape">The shape.</param>
public sealed record CatalogModel(string Id, string Name, string HfRepo, string Source, string ParametersSource, string Notes, ModelShape Shape);
