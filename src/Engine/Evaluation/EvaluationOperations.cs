using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;

namespace Workbench.Engine.Evaluation;

/// <summary>What the evaluation model-tool operations share: reading the request, resolving model names through
/// the catalog, progress, and turning refused input into an <see cref="EvaluationOutcome{T}"/>.</summary>
internal static class EvaluationOperations
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static T Read<T>(JsonElement request, string operation) where T : class =>
        request.ValueKind == JsonValueKind.Object
            ? request.Deserialize<T>(Json) ?? throw new ModelToolException($"The {operation} request is empty.")
            : throw new ModelToolException($"The {operation} request must be a JSON object.");

    public static string Resolve(ModelCatalog catalog, string? name) =>
        catalog.ResolveLoadable(name) ?? throw new ModelToolException(ModelCatalog.NotLoadableMessage);

    public static IProgress<EvaluationProgress> Progress(ModelToolContext context) =>
        new ForwardingProgress(p => context.ReportProgress(p.Fraction, p.Stage));

    /// <summary>Runs <paramref name="run"/> on a worker thread; refused input becomes <see cref="EvaluationOutcome{T}.Rejected"/>,
    /// a load failure a <see cref="ModelToolException"/> with its message.</summary>
    public static async Task<JsonElement> RunAsync<T>(Func<T> run, CancellationToken cancellationToken) where T : class
    {
        EvaluationOutcome<T> outcome = await Task.Run(() =>
        {
            try
            {
                return new EvaluationOutcome<T>(run(), null);
            }
            catch (Exception e) when (e is EvaluationException or TokenizationException)
            {
                return new EvaluationOutcome<T>(null, e.Message);
            }
            catch (EngineException e)
            {
                throw new ModelToolException(e.Message, e);
            }
        }, cancellationToken).ConfigureAwait(false);
        return JsonSerializer.SerializeToElement(outcome, Json);
    }

    private sealed class ForwardingProgress(Action<EvaluationProgress> report) : IProgress<EvaluationProgress>
    {
        public void Report(EvaluationProgress value) => report(value);
    }
}
