using System.Diagnostics;
using System.Runtime.CompilerServices;
using Workbench.Engine.Inference.Scheduling;
using Workbench.Engine.Requests;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Inference;

// GenerateAsync: validate and prepare on the caller's thread (so errors surface before the first update), then
// hand the job to the scheduler and relay its updates.
public sealed partial class LlamaEngine
{
    /// <summary>Live counters of this engine's generation work (active requests, tokens sampled, cancellations):
    /// the server-side evidence that a cancel stopped generating. Reported by the worker's <c>GET /health</c>.</summary>
    public GenerationActivity Activity { get; } = new();

    /// <inheritdoc/>
    /// <remarks>The prompt is tokenized with BOS as the vocabulary says and special-token text parsed. The sampler
    /// chain (and so the grammar) is built before the request is queued, so an invalid grammar fails here.
    /// Leaving the enumeration early cancels the generation.</remarks>
    public async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var arrivedAt = Stopwatch.GetTimestamp();
        ValidateRequest(request);

        var current = AcquireSession();
        GenerationJob job;
        try
        {
            job = CreateJob(current, request, arrivedAt, Activity);
        }
        catch
        {
            current.Release();
            throw;
        }

        try
        {
            using var registration = cancellationToken.UnsafeRegister(static state => ((GenerationJob)state!).RequestCancel(), job);
            current.Scheduler.Submit(job);
            // Not reading with the caller's token: after a cancel the scheduler still sends the final update.
            await foreach (var update in job.Updates.ReadAllAsync(CancellationToken.None).ConfigureAwait(false))
                yield return update;
        }
        finally
        {
            job.RequestCancel(); // no-op when finished; frees the slot when the caller stopped reading early
            current.Release();
        }
    }

    private static void ValidateRequest(GenerationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request.Prompt);
        request.Sampling.Validate();
        if (request.MaxTokens is < 1)
            throw new ArgumentOutOfRangeException("max_tokens", "'max_tokens' must be 1 or more.");
        if (request.TopLogprobs is < 0 or > RequestLimits.MaxTopLogprobs)
            throw new ArgumentOutOfRangeException("top_logprobs", $"'top_logprobs' must be between 0 and {RequestLimits.MaxTopLogprobs}.");
        if (request.Stop.Count > RequestLimits.MaxStopStrings)
            throw new ArgumentOutOfRangeException("stop", $"'stop' accepts at most {RequestLimits.MaxStopStrings} strings.");
    }

    private static GenerationJob CreateJob(ModelSession current, GenerationRequest request, long arrivedAt, GenerationActivity activity)
    {
        var model = current.Model;
        var window = current.Scheduler.ContextSize;
        var prompt = model.Tokenize(request.Prompt, addSpecial: true, parseSpecial: true);
        if (prompt.Length == 0)
            throw new ArgumentException("The prompt is empty: it produced no tokens.", "prompt");
        if (prompt.Length > window)
            throw new PromptTooLongException(prompt.Length, window);
        if (request.Sampling.TopK > model.VocabSize)
            throw new ArgumentOutOfRangeException("top_k", $"'top_k' must be between 0 and the vocabulary size ({model.VocabSize}).");

        var sampler = SamplerChainBuilder.Build(request.Sampling, model, prompt);
        return new GenerationJob(request, prompt, sampler, model, window, arrivedAt, activity);
    }
}
