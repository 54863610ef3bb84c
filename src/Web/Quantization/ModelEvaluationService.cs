using System.Collections.Concurrent;
using System.Text;
using Workbench.Engine.Evaluation;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;

namespace Workbench.Web.Quantization;

/// <summary>
/// Perplexity and the per-type comparison for the API and the widget: checks the request, resolves model names in
/// the catalog, then runs the <c>perplexity</c> or <c>compare</c> operation in a model-tool child process
/// (<see cref="ModelToolRunner"/>; cancelling kills it), so a llama.cpp abort never reaches the web app. A member
/// limited to one evaluation (a student in classroom mode) gets 429 while one is still running. A singleton.
/// </summary>
public sealed class ModelEvaluationService
{
    /// <summary>The longest evaluation text accepted, in UTF-8 bytes (256 KiB).</summary>
    public const int MaxTextBytes = 256 * 1024;

    /// <summary>The largest n_ctx accepted before the model is even loaded (the model's own n_ctx_train is checked
    /// in the tool).</summary>
    public const int MaxContextSize = 8192;

    private readonly ModelToolRunner _runner;
    private readonly ModelCatalog _catalog;
    private readonly ConcurrentDictionary<string, byte> _running = new(StringComparer.Ordinal);

    /// <summary>Creates the service.</summary>
    /// <param name="runner">Starts model-tool processes.</param>
    /// <param name="catalog">Resolves model names (shared and output folders).</param>
    public ModelEvaluationService(ModelToolRunner runner, ModelCatalog catalog)
    {
        _runner = runner;
        _catalog = catalog;
    }

    /// <summary>The catalog's files that can be compared with <paramref name="source"/>: every other file whose name
    /// starts with the source's name without <c>.gguf</c> (e.g. <c>stories260K-Q4_0.gguf</c> for
    /// <c>stories260K.gguf</c>), as quantize names its outputs.</summary>
    /// <param name="source">A catalog file name.</param>
    public IReadOnlyList<ModelFile> CandidatesFor(string source)
    {
        string stem = Path.GetFileNameWithoutExtension(source ?? "");
        if (stem.Length == 0) return [];
        return _catalog.List()
            .Where(f => f.FileName.StartsWith(stem, StringComparison.Ordinal) && !string.Equals(f.FileName, source, StringComparison.Ordinal))
            .DistinctBy(f => f.FileName)
            .ToList();
    }

    /// <summary>Every catalog file (the source picker's choices), one per file name.</summary>
    public IReadOnlyList<ModelFile> Models() => _catalog.List().DistinctBy(f => f.FileName).ToList();

    /// <summary>Measures the perplexity of <paramref name="model"/> on <paramref name="text"/>.</summary>
    /// <param name="ownerId">The member asking.</param>
    /// <param name="onlyOne">Refuse (429) while this member has an evaluation running.</param>
    /// <param name="model">A catalog file name.</param>
    /// <param name="text">The text; null = <see cref="EvaluationTexts.Default"/>.</param>
    /// <param name="contextSize">n_ctx; null = 128.</param>
    /// <param name="progress">Per-chunk progress from the child.</param>
    /// <param name="cancellationToken">Kills the child.</param>
    /// <exception cref="EvaluationRequestException">400, 404, 422 or 429 (see the type).</exception>
    /// <exception cref="ModelToolException">The model tool failed (a native abort, a file llama.cpp cannot load).</exception>
    public async Task<PerplexityResult> PerplexityAsync(string ownerId, bool onlyOne, string? model, string? text, int? contextSize,
        IProgress<ModelToolProgress>? progress, CancellationToken cancellationToken)
    {
        int nCtx = CheckContext(contextSize);
        CheckText(text);
        string path = Resolve(model, "model");
        using var slot = Enter(ownerId, onlyOne);
        var outcome = await _runner.RunAsync<EvaluationOutcome<PerplexityResult>>("perplexity",
            new PerplexityRequest { Model = path, Text = text, ContextSize = nCtx }, progress, cancellationToken);
        return Unwrap(outcome);
    }

    /// <summary>Builds the comparison table of <paramref name="source"/> and <paramref name="models"/>.</summary>
    /// <param name="ownerId">The member asking.</param>
    /// <param name="onlyOne">Refuse (429) while this member has an evaluation running.</param>
    /// <param name="source">The reference's catalog file name.</param>
    /// <param name="models">The other files' catalog names (1 … <see cref="ModelComparer.MaxModels"/>).</param>
    /// <param name="text">The text; null = <see cref="EvaluationTexts.Default"/>.</param>
    /// <param name="contextSize">n_ctx; null = 128.</param>
    /// <param name="prompt">The greedy prompt; null = <see cref="ModelComparisonRequest.DefaultPrompt"/>.</param>
    /// <param name="progress">Progress over all files' chunks.</param>
    /// <param name="cancellationToken">Kills the child.</param>
    /// <exception cref="EvaluationRequestException">400, 404, 422 or 429 (see the type).</exception>
    /// <exception cref="ModelToolException">The model tool failed.</exception>
    public async Task<ModelComparison> CompareAsync(string ownerId, bool onlyOne, string? source, IReadOnlyList<string>? models,
        string? text, int? contextSize, string? prompt, IProgress<ModelToolProgress>? progress, CancellationToken cancellationToken)
    {
        int nCtx = CheckContext(contextSize);
        CheckText(text);
        if (models is null || models.Count == 0)
            throw new EvaluationRequestException("The request needs \"models\": one or more model file names to compare with the source.");
        if (models.Count > ModelComparer.MaxModels)
            throw new EvaluationRequestException($"At most {ModelComparer.MaxModels} models can be compared at once.");
        if (prompt is { Length: > 2000 })
            throw new EvaluationRequestException("The prompt is longer than 2,000 characters.");
        string sourcePath = Resolve(source, "source");
        var paths = models.Select(m => Resolve(m, "models")).ToList();
        using var slot = Enter(ownerId, onlyOne);
        var outcome = await _runner.RunAsync<EvaluationOutcome<ModelComparison>>("compare",
            new CompareRequest { Source = sourcePath, Models = paths, Text = text, ContextSize = nCtx, Prompt = prompt }, progress, cancellationToken);
        return Unwrap(outcome);
    }

    private static T Unwrap<T>(EvaluationOutcome<T> outcome) where T : class =>
        outcome.Value ?? throw new EvaluationRequestException(StatusCodes.Status422UnprocessableEntity,
            outcome.Rejected ?? "The model tool could not evaluate this input.");

    private static int CheckContext(int? contextSize)
    {
        int nCtx = contextSize ?? 128;
        if (nCtx is < PerplexityCalculator.MinContextSize or > MaxContextSize)
            throw new EvaluationRequestException($"\"n_ctx\" must be {PerplexityCalculator.MinContextSize} … {MaxContextSize} tokens (got {nCtx}).");
        return nCtx;
    }

    private static void CheckText(string? text)
    {
        if (text is null) return;
        if (string.IsNullOrWhiteSpace(text))
            throw new EvaluationRequestException("\"text\" is empty; leave it out to use the lab's evaluation text.");
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
            throw new EvaluationRequestException($"\"text\" is longer than {MaxTextBytes / 1024} KiB.");
    }

    private string Resolve(string? name, string field)
    {
        if (string.IsNullOrWhiteSpace(name))
            throw new EvaluationRequestException($"The request needs \"{field}\": a model file name from the model list.");
        return _catalog.ResolveLoadable(name) ?? throw new EvaluationRequestException(StatusCodes.Status404NotFound, ModelCatalog.NotLoadableMessage);
    }

    private Slot Enter(string ownerId, bool onlyOne)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        if (!onlyOne) return new Slot(null, null);
        if (!_running.TryAdd(ownerId, 0))
            throw new EvaluationRequestException(StatusCodes.Status429TooManyRequests, "An evaluation of yours is still running; wait for it to finish.");
        return new Slot(_running, ownerId);
    }

    private sealed class Slot(ConcurrentDictionary<string, byte>? running, string? ownerId) : IDisposable
    {
        public void Dispose()
        {
            if (running is not null && ownerId is not null) running.TryRemove(ownerId, out _);
        }
    }
}
