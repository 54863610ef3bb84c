using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Agent;

/// <summary>
/// The agent runs of this process (a singleton the API, the hub and the page share): <see cref="Start"/> accepts a
/// run and returns its id at once, the run goes on in the background through <see cref="IAgentRunner"/>, and every
/// change is published (<see cref="Changed"/>) and readable (<see cref="Get"/>). At most
/// <c>Agent:MaxConcurrentRuns</c> (default <see cref="DefaultMaxConcurrentRuns"/>) run at once overall and one per
/// owner. Finished runs are saved as <c>{Lab:DataDirectory}/agent-runs/&lt;id&gt;.json</c> (<see cref="AgentRunJson"/>)
/// and the newest <see cref="MaxLoaded"/> are loaded at start.
/// </summary>
public sealed class AgentRunService : IDisposable
{
    /// <summary>Runs at once overall when <c>Agent:MaxConcurrentRuns</c> is not set.</summary>
    public const int DefaultMaxConcurrentRuns = 2;

    /// <summary>Saved runs loaded at start, newest first.</summary>
    public const int MaxLoaded = 200;

    private readonly IAgentRunner _runner;
    private readonly ILogger _logger;
    private readonly string _folder;
    private readonly int _maxConcurrent;
    private readonly ConcurrentDictionary<string, AgentRunRecord> _runs = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _active = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Creates the service and loads the saved runs.</summary>
    /// <param name="runner">Runs one run.</param>
    /// <param name="lab">Lab options (<c>DataDirectory</c>).</param>
    /// <param name="configuration">Reads <c>Agent:MaxConcurrentRuns</c> (≥ 1).</param>
    /// <param name="logger">Logger.</param>
    public AgentRunService(IAgentRunner runner, IOptions<LabOptions> lab, IConfiguration configuration, ILogger<AgentRunService> logger)
        : this(runner, Path.Combine(Path.GetFullPath(lab.Value.DataDirectory), "agent-runs"),
            configuration.GetValue("Agent:MaxConcurrentRuns", DefaultMaxConcurrentRuns), logger)
    {
    }

    internal AgentRunService(IAgentRunner runner, string folder, int maxConcurrentRuns, ILogger logger)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _logger = logger;
        _folder = folder;
        _maxConcurrent = maxConcurrentRuns >= 1 ? maxConcurrentRuns
            : throw new ArgumentOutOfRangeException(nameof(maxConcurrentRuns), "Agent:MaxConcurrentRuns must be 1 or more.");
        Load();
    }

    /// <summary>Raised (on the run's thread) after every change of a run: a step, an edit, the status.</summary>
    public event Action<AgentRunRecord>? Changed;

    /// <summary>Starts a run in the background.</summary>
    /// <param name="request">What to run.</param>
    /// <returns>The run's id (32 hex digits).</returns>
    /// <exception cref="AgentRunRejectedException">Too many runs at once, or the owner already has an active run.</exception>
    public string Start(AgentRunRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var id = Guid.NewGuid().ToString("N");
        var cancel = new CancellationTokenSource();
        lock (_gate)
        {
            if (_active.Count >= _maxConcurrent)
                throw new AgentRunRejectedException($"{_active.Count} agent runs are active; at most {_maxConcurrent} run at once. Try again when one ends.");
            if (_active.Keys.Any(a => _runs.TryGetValue(a, out var r) && r.OwnerId == request.OwnerId))
                throw new AgentRunRejectedException("You already have an agent run in progress; stop it or wait for it to end.");
            _active[id] = cancel;
            var backend = string.IsNullOrEmpty(request.Backend) ? Backends.IChatBackends.BuiltInName : request.Backend;
            _runs[id] = new AgentRunRecord(id, request.Task.Id, backend, request.Model, request.VerifyOnEdit, request.Seed, request.OwnerId,
                AgentRunStatus.Queued, null, null, "", [], [], null, "", 0, 0, DateTimeOffset.UtcNow, null);
        }
        _ = Task.Run(() => RunAsync(id, request, cancel));
        return id;
    }

    /// <summary>A run by id, or null.</summary>
    public AgentRunRecord? Get(string id) => _runs.TryGetValue(id, out var record) ? record : null;

    /// <summary>The runs of <paramref name="ownerId"/> (null = all), newest first.</summary>
    public IReadOnlyList<AgentRunRecord> List(string? ownerId) =>
        [.. _runs.Values.Where(r => ownerId is null || r.OwnerId == ownerId).OrderByDescending(r => r.StartedAt)];

    /// <summary>Stops a run (its hidden tests still run); false when it is unknown or already ended.</summary>
    public bool Stop(string id)
    {
        if (!_active.TryGetValue(id, out var cancel)) return false;
        cancel.Cancel();
        return true;
    }

    /// <summary>The run as JSON Lines (<see cref="AgentRunJson.ExportJsonl"/>).</summary>
    /// <exception cref="KeyNotFoundException">No run has that id.</exception>
    public string ExportJsonl(string id) =>
        AgentRunJson.ExportJsonl(Get(id) ?? throw new KeyNotFoundException($"There is no agent run '{id}'."));

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var cancel in _active.Values) cancel.Cancel();
    }

    private async Task RunAsync(string id, AgentRunRequest request, CancellationTokenSource cancel)
    {
        try
        {
            var record = await _runner.RunAsync(request, r => Publish(r with { Id = id }), cancel.Token).ConfigureAwait(false);
            Publish(record with { Id = id });
            Save(record with { Id = id });
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Agent run {Id} threw.", id);
            if (Get(id) is { } last)
                Publish(last with { Status = AgentRunStatus.Failed, Error = $"The run failed: {e.Message}", EndedAt = DateTimeOffset.UtcNow });
        }
        finally
        {
            _active.TryRemove(id, out _);
            cancel.Dispose();
            if (Get(id) is { } final) RaiseChanged(final); // observers see the run inactive
        }
    }

    private void Publish(AgentRunRecord record)
    {
        _runs[record.Id] = record;
        RaiseChanged(record);
    }

    private void RaiseChanged(AgentRunRecord record)
    {
        try
        {
            Changed?.Invoke(record);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "An agent run observer threw.");
        }
    }

    /// <summary>Whether the run is still going (accepted and not yet ended).</summary>
    public bool IsActive(string id) => _active.ContainsKey(id);

    private void Save(AgentRunRecord record)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            var path = Path.Combine(_folder, record.Id + ".json");
            File.WriteAllText(path + ".tmp", AgentRunJson.ToJson(record).ToJsonString());
            File.Move(path + ".tmp", path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not save agent run {Id}.", record.Id);
        }
    }

    private void Load()
    {
        if (!Directory.Exists(_folder)) return;
        foreach (var file in new DirectoryInfo(_folder).EnumerateFiles("*.json").OrderByDescending(f => f.LastWriteTimeUtc).Take(MaxLoaded))
        {
            try
            {
                var record = AgentRunJson.FromJson(File.ReadAllText(file.FullName));
                _runs[record.Id] = record;
            }
            catch (Exception e) when (e is IOException or System.Text.Json.JsonException or NotSupportedException)
            {
                _logger.LogWarning(e, "Skipped the saved agent run {File}.", file.Name);
            }
        }
    }
}
