using System.Text.Json;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;

namespace Workbench.Engine.Evaluation;

/// <summary>The <c>compare</c> model-tool operation: <see cref="CompareRequest"/> → <see cref="EvaluationOutcome{T}"/>
/// of <see cref="ModelComparison"/> (<see cref="ModelComparer"/>), with progress per chunk over all files. Every
/// name must resolve in the catalog (<see cref="ModelCatalog.NotLoadableMessage"/> otherwise).</summary>
public sealed class CompareOperation : IModelToolOperation
{
    /// <inheritdoc />
    public string Name => "compare";

    /// <inheritdoc />
    public Task<JsonElement> RunAsync(JsonElement request, ModelToolContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        CompareRequest body = EvaluationOperations.Read<CompareRequest>(request, Name);
        var catalog = new ModelCatalog(context.Options, Directory.GetCurrentDirectory());
        var comparison = new ModelComparisonRequest
        {
            Source = EvaluationOperations.Resolve(catalog, body.Source),
            Models = (body.Models ?? []).Select(m => EvaluationOperations.Resolve(catalog, m)).ToList(),
            Text = body.Text,
            ContextSize = body.ContextSize,
            Prompt = body.Prompt,
            GenerationTokens = body.GenerationTokens,
        };
        return EvaluationOperations.RunAsync(() => ModelComparer.Compare(comparison, context.Options,
            EvaluationOperations.Progress(context), cancellationToken), cancellationToken);
    }
}
