using System.Collections.Concurrent;
using System.Threading.Channels;
using Workbench.Engine.ModelTools;
using Workbench.Engine.Models;
using Workbench.Engine.Quantization;

namespace Workbench.Web.Quantization;

/// <summary>
/// The quantize jobs: one quantization runs at a time (it takes every core), others wait in order. Each runs the
/// <c>quantize</c> operation in its own model-tool process (<see cref="ModelToolRunner"/>), so a llama.cpp abort fails
/// the job and not the web app, and cancelling kills the process. A failed or cancelled job leaves no
/// <c>.partial</c> file behind. Keeps the last <see cref="KeptJobs"/> jobs. A singleton.
/// </summary>
public sealed class QuantizeJobQueue : IAsyncDisposable
{
    /// <summary>How many jobs are remembered (the oldest finished ones are forgotten first).</summary>
    public const int KeptJobs = 100;

    private readonly ModelToolRunner _runner;
    private readonly ModelCatalog _catalog;
    private readonly ILogger<QuantizeJobQueue> _log;
    private readonly ConcurrentDictionary<string, QuantizeJob> _jobs = new(StringComparer.Ordinal);
    private readonly Channel<QuantizeJob> _queue = Channel.CreateUnbounded<QuantizeJob>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _enqueueGate = new();
    private Task? _loop;

    /// <summary>Creates the queue.</summary>
    /// <param name="runner">Starts model-tool processes.</param>
    /// <param name="catalog">Resolves sources; its <see cref="ModelCatalog.OutputDirectory"/> receives the outputs.</param>
    /// <param name="log">Logs failures.</param>
    public QuantizeJobQueue(ModelToolRunner runner, ModelCatalog catalog, ILogger<QuantizeJobQueue> log)
    {
        _runner = runner;
        _catalog = catalog;
        _log = log;
    }

    /// <summary>Raised (on any thread) when a job is queued or its status or progress changes.</summary>
    public event Action<QuantizeJobView>? Changed;

    /// <summary>Queues a quantization.</summary>
    /// <param name="ownerId">The user queuing it.</param>
    /// <param name="source">A model file name from the catalog, or a path inside a model folder.</param>
    /// <param name="type">A <see cref="QuantizationType"/> name (any case).</param>
    /// <param name="allowRequantize">Allow an already quantized source.</param>
    /// <param name="maxActivePerOwner">Refuse (429) when the owner already has this many queued or running jobs;
    /// null = no limit.</param>
    /// <returns>The queued job.</returns>
    /// <exception cref="QuantizeRequestException">400 unknown type, not a GGUF file, no output folder; 404 no
    /// loadable source (<see cref="ModelCatalog.NotLoadableMessage"/>); 429 too many active jobs.</exception>
    public QuantizeJob Enqueue(string ownerId, string? source, string? type, bool allowRequantize, int? maxActivePerOwner = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        var quantType = QuantizationType.Find(type)
            ?? throw new QuantizeRequestException(string.IsNullOrWhiteSpace(type)
                ? $"The request needs a \"type\": one of {QuantizationType.Names}."
                : $"Unknown quantization type '{type}'. Use one of: {QuantizationType.Names}.");
        if (string.IsNullOrWhiteSpace(source)) throw new QuantizeRequestException("The request needs a \"source\": a model file name from the model list.");
        var sourcePath = _catalog.ResolveLoadable(source)
            ?? throw new QuantizeRequestException(StatusCodes.Status404NotFound, ModelCatalog.NotLoadableMessage);
        bool gguf;
        try
        {
            gguf = QuantizeOperation.HasGgufMagic(sourcePath);
        }
        catch (IOException e)
        {
            throw new QuantizeRequestException($"'{Path.GetFileName(sourcePath)}' could not be read: {e.Message}", e);
        }
        if (!gguf) throw new QuantizeRequestException($"'{Path.GetFileName(sourcePath)}' is not a GGUF file (it does not start with the bytes 'GGUF').");
        var folder = _catalog.OutputDirectory
            ?? throw new QuantizeRequestException("No output models folder is configured (Engine:OutputModelDirectory is empty).");
        var output = Path.Combine(folder, QuantizeOperation.OutputFileName(sourcePath, quantType));
        if (string.Equals(output, sourcePath, StringComparison.Ordinal)) throw new QuantizeRequestException("The output would overwrite the source.");

        QuantizeJob job;
        lock (_enqueueGate)
        {
            if (maxActivePerOwner is { } max && _jobs.Values.Count(j => j.OwnerId == ownerId && j.IsActive) >= max)
            {
                throw new QuantizeRequestException(StatusCodes.Status429TooManyRequests,
                    max == 1 ? "You already have a quantization queued or running; wait for it to finish or cancel it."
                             : $"You already have {max} quantizations queued or running; wait for one to finish or cancel it.");
            }
            job = new QuantizeJob(Guid.NewGuid().ToString("N"), ownerId, sourcePath, quantType, allowRequantize, output);
            _jobs[job.Id] = job;
            Forget();
            _loop ??= Task.Run(RunLoopAsync);
        }
        _queue.Writer.TryWrite(job);
        Raise(job);
        return job;
    }

    /// <summary>The job with <paramref name="id"/>, or null.</summary>
    /// <param name="id">A job id.</param>
    public QuantizeJob? Find(string id) => _jobs.TryGetValue(id, out var job) ? job : null;

    /// <summary>The jobs, newest first; only <paramref name="ownerId"/>'s when given.</summary>
    /// <param name="ownerId">A user id, or null for everyone's.</param>
    public IReadOnlyList<QuantizeJob> List(string? ownerId = null) =>
        _jobs.Values.Where(j => ownerId is null || j.OwnerId == ownerId).OrderByDescending(j => j.CreatedAt).ToList();

    /// <summary>Cancels a queued or running job (a running job's process is killed and its partial file deleted);
    /// a finished job is left as it is.</summary>
    /// <param name="id">A job id.</param>
    /// <returns>The job, or null when there is none.</returns>
    public QuantizeJob? Cancel(string id)
    {
        if (Find(id) is not { } job) return null;
        if (job.Status == QuantizeJobStatus.Queued && job.TrySet(QuantizeJobStatus.Cancelled)) Raise(job);
        job.Cancellation.Cancel();
        return job;
    }

    /// <summary>Completes when no job is queued or running (for tests and shutdown).</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    public async Task WaitIdleAsync(CancellationToken cancellationToken)
    {
        while (_jobs.Values.Any(j => j.IsActive)) await Task.Delay(20, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cancels every job and waits for the running one to end.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        foreach (var job in _jobs.Values) Cancel(job.Id);
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_loop is { } loop) await loop.ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task RunLoopAsync()
    {
        try
        {
            await foreach (var job in _queue.Reader.ReadAllAsync(_stopping.Token).ConfigureAwait(false))
            {
                await RunAsync(job).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task RunAsync(QuantizeJob job)
    {
        if (job.Cancellation.IsCancellationRequested || !job.TrySet(QuantizeJobStatus.Running)) return;
        Raise(job);
        var partial = job.OutputPath + QuantizeOperation.PartialSuffix;
        var progress = new Progress(job, this);
        try
        {
            var request = new QuantizeRequest
            {
                Source = job.SourcePath,
                Type = job.Type.Name,
                Output = job.OutputPath,
                AllowRequantize = job.AllowRequantize,
            };
            var result = await _runner.RunAsync<QuantizeResult>("quantize", request, progress, job.Cancellation.Token).ConfigureAwait(false);
            job.TrySet(QuantizeJobStatus.Done, result: result);
        }
        catch (OperationCanceledException) when (job.Cancellation.IsCancellationRequested)
        {
            DeletePartial(partial);
            job.TrySet(QuantizeJobStatus.Cancelled);
        }
        catch (Exception e) when (e is ModelToolException or System.Text.Json.JsonException or IOException)
        {
            DeletePartial(partial);
            _log.LogWarning("Quantizing {Source} to {Type} failed: {Error}", job.SourcePath, job.Type.Name, e.Message);
            job.TrySet(QuantizeJobStatus.Failed, error: e.Message);
        }
        Raise(job);
    }

    private void DeletePartial(string partial)
    {
        try
        {
            File.Delete(partial);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _log.LogWarning("Could not delete the partial file {Path}: {Error}", partial, e.Message);
        }
    }

    private void Forget()
    {
        foreach (var old in _jobs.Values.Where(j => !j.IsActive).OrderByDescending(j => j.CreatedAt).Skip(KeptJobs).ToList())
        {
            _jobs.TryRemove(old.Id, out _);
        }
    }

    private void Raise(QuantizeJob job)
    {
        try
        {
            Changed?.Invoke(job.Snapshot());
        }
        catch (Exception e) when (e is InvalidOperationException or ObjectDisposedException)
        {
            _log.LogDebug("A quantize job listener failed: {Error}", e.Message);
        }
    }

    private sealed class Progress(QuantizeJob job, QuantizeJobQueue queue) : IProgress<ModelToolProgress>
    {
        public void Report(ModelToolProgress value)
        {
            job.SetProgress(value.Fraction, value.Message);
            queue.Raise(job);
        }
    }
}
