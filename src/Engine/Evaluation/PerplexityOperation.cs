using System.Text.Json;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;

namespace Workbench.Engine.Evaluation;

/// <summary>The <c>perplexity</c> model-tool operation: <see cref="PerplexityRequest"/> →
/// <see cref="EvaluationOutcome{T}"/> of <see cref="PerplexityResult"/> (<see cref="PerplexityCalculator"/>), with
/// progress per chunk. A model name the catalog does not resolve is a <see cref="ModelToolException"/> with
/// <see cref="ModelCatalog.NotLoadableMessage"/>.</summary>
public sealed class PerplexityOperation : IModelToolOperation
{
    /// <inheritdoc />
    public string Name => "perplexity";

    /// <inheritdoc />
    public Task<JsonElement> RunAsync(JsonElement request, ModelToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        PerplexityRequest body = EvaluationOperations.Read<PerplexityRequest>(request, Name);
        var catalog = new ModelCatalog(context.Options, Directory.GetCurrentDirectory());
        string model = EvaluationOperations.Resolve(catalog, body.Model);
        return EvaluationOperations.RunAsync(() => PerplexityCalculator.Compute(model, body.Text ?? EvaluationTexts.Default,
            body.ContextSize, context.Options, EvaluationOperations.Progress(context), cancellationToken), cancellationToken);
    }
}
