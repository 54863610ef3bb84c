using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Training.Runs;

/// <summary>
/// The browser training runs of this server (lab 09; a singleton the API, the hub and the widget share). One run
/// trains at a time; the others wait in one first-in first-out queue across owners, and an owner has at most one
/// queued or running run, so a class shares the slot fairly. Each run is a <c>Workbench.Train --json</c> child
/// (<see cref="TrainingProcess"/>: its JSON-lines protocol read by <see cref="TrainingProtocolReader"/>), killed
/// with its process tree on <see cref="Stop"/>, at <see cref="TrainingRunOptions.MaxMinutes"/>, or on
/// <see cref="Dispose"/> (the app's shutdown). Every change is published (<see cref="Changed"/>) and readable
/// (<see cref="Get"/>); records are kept in memory (every active run and the newest <see cref="MaxKept"/> ended ones),
/// finished models as <c>{OutputDirectory}/trained-&lt;id&gt;.gguf</c> (a run's file is deleted when its record
/// is dropped from memory, so the folder holds at most <see cref="MaxKept"/> trained models).
/// </summary>
public sealed class TrainingRunService : IDisposable
{
    /// <summary>Ended runs kept in memory, newest first.</summary>
    public const int MaxKept = 50;

    private readonly TrainingProcess _process;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, TrainingRunRecord> _runs = new(StringComparer.Ordinal);
    private readonly List<string> _queue = [];
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _replyGate = new(1, 1);
    private (string Id, CancellationTokenSource Stop)? _running;
    private bool _disposed;

    /// <summary>Creates the service.</summary>
    /// <param name="options">Training options (resolved command, output folder, limit).</param>
    /// <param name="logger">Logger.</param>
    public TrainingRunService(IOptions<TrainingRunOptions> options, ILogger<TrainingRunService> logger)
        : this(new TrainingProcess(options.Value), logger)
    {
    }

    internal TrainingRunService(TrainingProcess process, ILogger logger)
    {
        _process = process;
        _logger = logger;
    }

    /// <summary>Raised (on a background thread) after every change of a run: queued, a phase, a point, a sample, the end;
    /// and for every queued run when the queue moves (its position changed).</summary>
    public event Action<TrainingRunRecord>? Changed;

    /// <summary>The folder finished models go to.</summary>
    public string OutputDirectory => _process.OutputDirectory;

    /// <summary>Queues a run; it starts at once when the slot is free.</summary>
    /// <param name="ownerId">The user starting it.</param>
    /// <param name="request">The knobs.</param>
    /// <returns>The run's id (32 hex digits).</returns>
    /// <exception cref="TrainingRunRequestException">A knob is out of bounds.</exception>
    /// <exception cref="TrainingRunRejectedException">The owner already has a queued or running run.</exception>
    /// <exception cref="ObjectDisposedException">The server is shutting down.</exception>
    public string Start(string ownerId, TrainingRunRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(ownerId);
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        var id = Guid.NewGuid().ToString("N");
        TrainingRunRecord record;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_runs.Values.Any(r => r.OwnerId == ownerId && r.IsActive))
                throw new TrainingRunRejectedException("You already have a training run queued or running; stop it or wait for it to end.");
            record = new TrainingRunRecord(id, ownerId, request, TrainingRunStatus.Queued, null, [], [], null, null, null, null, null,
                DateTimeOffset.UtcNow, null, null);
            _runs[id] = record;
            _queue.Add(id);
        }
        RaiseChanged(record);
        Pump();
        return id;
    }

    /// <summary>A run by id, or null.</summary>
    public TrainingRunRecord? Get(string id) => _runs.TryGetValue(id, out var record) ? record : null;

    /// <summary>The runs of <paramref name="ownerId"/> (null = all), newest first.</summary>
    public IReadOnlyList<TrainingRunRecord> List(string? ownerId) =>
        [.. _runs.Values.Where(r => ownerId is null || r.OwnerId == ownerId).OrderByDescending(r => r.QueuedAt)];

    /// <summary>A queued run's place in the queue: 1 = next to start (one run is training ahead of it), 2 = one more
    /// waits ahead, …; 0 when it is not queued (running or ended or unknown).</summary>
    public int QueuePosition(string id)
    {
        lock (_gate) return _queue.IndexOf(id) + 1;
    }

    /// <summary>Stops the owner's run: a queued one leaves the queue, a running one's child is killed with its tree.
    /// Either ends <see cref="TrainingRunStatus.Stopped"/>.</summary>
    /// <param name="ownerId">The caller; only the run's owner may stop it.</param>
    /// <param name="id">The run id.</param>
    /// <returns>False when there is no such run of that owner or it has already ended.</returns>
    public bool Stop(string ownerId, string id)
    {
        TrainingRunRecord? stopped = null;
        lock (_gate)
        {
            if (!_runs.TryGetValue(id, out var record) || record.OwnerId != ownerId || !record.IsActive) return false;
            if (_queue.Remove(id))
            {
                stopped = record with { Status = TrainingRunStatus.Stopped, EndedAt = DateTimeOffset.UtcNow };
                _runs[id] = stopped;
            }
            else if (_running is { } running && running.Id == id) running.Stop.Cancel();
        }
        if (stopped is not null)
        {
            RaiseChanged(stopped);
            RaiseQueueMoved();
        }
        return true;
    }

    /// <summary>The built-in tools a reply may offer (the corpus's five).</summary>
    public static IReadOnlyList<string> ReplyTools { get; } = [.. Corpus.ToolCorpusGenerator.ToolDefinitions().Select(t => (string)t["function"]!["name"]!)];

    /// <summary>Longest user message of <see cref="ReplyAsync"/>, in characters.</summary>
    public const int MaxReplyPromptLength = 500;

    /// <summary>Tokens of one reply.</summary>
    public const int ReplyTokens = 96;

    /// <summary>The trained model of a finished run answers one user message, with some built-in tools offered
    /// (the Hermes prompt the model was trained on), greedily, at most <see cref="ReplyTokens"/> tokens. One reply
    /// runs at a time per server (the others wait), each in its own child process, so a class trying its models
    /// cannot stall the server.</summary>
    /// <param name="run">The run (the caller checked it may see it).</param>
    /// <param name="prompt">The user message, 1..<see cref="MaxReplyPromptLength"/> characters.</param>
    /// <param name="tools">Names from <see cref="ReplyTools"/>, each at most once.</param>
    /// <param name="cancellationToken">The request was aborted.</param>
    /// <returns>The reply's raw text (a call is <c>&lt;tool_call&gt;{"name", "arguments"}&lt;/tool_call&gt;</c>).</returns>
    /// <exception cref="TrainingRunRequestException">The prompt or a tool is not valid, or the trainer refused it.</exception>
    /// <exception cref="InvalidOperationException">The run has not finished with a model (its file is gone).</exception>
    /// <exception cref="TimeoutException">The reply ran past <see cref="TrainingProcess.ReplySeconds"/>.</exception>
    public async Task<string> ReplyAsync(TrainingRunRecord run, string prompt, IReadOnlyList<string> tools, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(tools);
        if (string.IsNullOrWhiteSpace(prompt)) throw new TrainingRunRequestException("prompt", "Write a message for the model.");
        if (prompt.Length > MaxReplyPromptLength) throw new TrainingRunRequestException("prompt", $"The message is {prompt.Length} characters; at most {MaxReplyPromptLength}.");
        foreach (var tool in tools)
            if (!ReplyTools.Contains(tool, StringComparer.Ordinal))
                throw new TrainingRunRequestException("tools", $"Unknown tool '{tool}'; the built-in tools are {string.Join(", ", ReplyTools)}.");
        if (tools.Distinct(StringComparer.Ordinal).Count() != tools.Count) throw new TrainingRunRequestException("tools", "A tool is listed twice.");
        if (run.Status != TrainingRunStatus.Done || run.ModelPath is not { } model || !File.Exists(model))
            throw new InvalidOperationException("This run has no trained model to try: it has not finished, or its model was removed.");
        await _replyGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await _process.ReplyAsync(model, prompt.Trim(), tools, ReplyTokens, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _replyGate.Release();
        }
    }

    /// <summary>Kills the running child and drops the queue (the app is stopping).</summary>
    public void Dispose()
    {
        List<TrainingRunRecord> dropped;
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _running?.Stop.Cancel();
            dropped = [.. _queue.Select(id => _runs[id] with { Status = TrainingRunStatus.Stopped, EndedAt = DateTimeOffset.UtcNow })];
            _queue.Clear();
            foreach (var record in dropped) _runs[record.Id] = record;
        }
        foreach (var record in dropped) RaiseChanged(record);
    }

    private void Pump()
    {
        string id;
        CancellationTokenSource stop;
        lock (_gate)
        {
            if (_disposed || _running is not null || _queue.Count == 0) return;
            id = _queue[0];
            _queue.RemoveAt(0);
            stop = new CancellationTokenSource();
            _running = (id, stop);
        }
        RaiseQueueMoved();
        _ = Task.Run(() => RunAsync(id, stop));
    }

    private async Task RunAsync(string id, CancellationTokenSource stop)
    {
        try
        {
            var start = _runs[id] with { Status = TrainingRunStatus.Running, StartedAt = DateTimeOffset.UtcNow };
            Publish(start);
            var final = await _process.RunAsync(start, Publish, stop.Token).ConfigureAwait(false);
            Publish(final with { EndedAt = DateTimeOffset.UtcNow });
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Training run {Id} threw.", id);
            Publish(_runs[id] with { Status = TrainingRunStatus.Failed, Error = $"The run failed: {e.Message}", EndedAt = DateTimeOffset.UtcNow });
        }
        finally
        {
            lock (_gate) _running = null;
            stop.Dispose();
            Trim();
            Pump();
        }
    }

    private void Publish(TrainingRunRecord record)
    {
        _runs[record.Id] = record;
        RaiseChanged(record);
    }

    private void RaiseQueueMoved()
    {
        List<TrainingRunRecord> queued;
        lock (_gate) queued = [.. _queue.Select(id => _runs[id])];
        foreach (var record in queued) RaiseChanged(record);
    }

    private void Trim()
    {
        foreach (var old in _runs.Values.Where(r => !r.IsActive).OrderByDescending(r => r.EndedAt ?? r.QueuedAt).Skip(MaxKept).ToList())
        {
            _runs.TryRemove(old.Id, out _);
            if (old.ModelPath is not { } path) continue;
            try
            {
                File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _logger.LogWarning(e, "Could not delete the trained model {Path}.", path);
            }
        }
    }

    private void RaiseChanged(TrainingRunRecord record)
    {
        try
        {
            Changed?.Invoke(record);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "A training run observer threw.");
        }
    }
}
