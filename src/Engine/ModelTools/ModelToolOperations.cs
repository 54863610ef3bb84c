using Workbench.Engine.Evaluation;
using Workbench.Engine.Quantization;

namespace Workbench.Engine.ModelTools;

/// <summary>The operations the model-tool process knows, by <see cref="IModelToolOperation.Name"/>.</summary>
public static class ModelToolOperations
{
    /// <summary>Every operation: <c>quantize</c> (<see cref="QuantizeOperation"/>), <c>perplexity</c>
    /// (<see cref="PerplexityOperation"/>), <c>compare</c> (<see cref="CompareOperation"/>).</summary>
    public static IReadOnlyList<IModelToolOperation> All { get; } =
    [
        new QuantizeOperation(),
        new PerplexityOperation(),
        new CompareOperation(),
    ];

    /// <summary>The operation called <paramref name="name"/> (ordinal), or null.</summary>
    /// <param name="name">An operation name.</param>
    public static IModelToolOperation? Find(string? name) =>
        All.FirstOrDefault(o => string.Equals(o.Name, name, StringComparison.Ordinal));
}
