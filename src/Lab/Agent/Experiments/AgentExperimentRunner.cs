using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Agent.Experiments;

/// <summary>
/// Runs an <see cref="AgentExperiment"/>: every task × arm × seed through <see cref="IAgentRunner"/>, at most
/// <see cref="AgentOptions.MaxConcurrentRuns"/> at once, in the order seed → task → arm (so the arms of one task and
/// seed run side by side, under the same load); then counts, Wilson intervals, the Newcombe difference, and saves the
/// result in the <see cref="AgentExperimentStore"/>. Cancelling starts no new run, stops the runs in progress (their
/// hidden tests still run, as <see cref="IAgentRunner"/> promises) and returns, and stores, what was done, marked
/// <see cref="AgentExperimentResult.Cancelled"/>.
/// </summary>
public sealed class AgentExperimentRunner
{
    /// <summary>The difference interval's method, as stored in <see cref="AgentRateDifference.Method"/>.</summary>
    public const string DifferenceMethod = "Newcombe hybrid score (method 10, Newcombe 1998) on the 95 % Wilson intervals";

    private readonly IAgentRunner _runner;
    private readonly AgentTaskCatalog _catalog;
    private readonly AgentExperimentStore _store;
    private readonly int _maxConcurrentRuns;
    private readonly TimeProvider _time;
    private readonly ILogger<AgentExperimentRunner> _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="runner">Runs one agent run.</param>
    /// <param name="catalog">Resolves the task ids.</param>
    /// <param name="store">Where results are saved.</param>
    /// <param name="options">Agent options (<see cref="AgentOptions.MaxConcurrentRuns"/>).</param>
    /// <param name="time">Clock of the start and end times; null = the system's.</param>
    /// <param name="logger">Logger.</param>
    public AgentExperimentRunner(IAgentRunner runner, AgentTaskCatalog catalog, AgentExperimentStore store,
        IOptions<AgentOptions> options, TimeProvider? time, ILogger<AgentExperimentRunner> logger)
    {
        _runner = runner ?? throw new ArgumentNullException(nameof(runner));
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _maxConcurrentRuns = Math.Max(1, (options ?? throw new ArgumentNullException(nameof(options))).Value.MaxConcurrentRuns);
        _time = time ?? TimeProvider.System;
        _logger = logger;
    }

    /// <summary>Raised after each run of any experiment (for a hub); also given to <see cref="RunAsync"/>'s callback.</summary>
    public event Action<AgentExperimentProgress>? ProgressChanged;

    /// <summary>A new experiment id (32 hex digits), for callers that answer with the id before the end.</summary>
    public static string NewId() => Guid.NewGuid().ToString("N");

    /// <summary>Runs the experiment to its end (or cancellation) and saves the result.</summary>
    /// <param name="experiment">What to run.</param>
    /// <param name="id">The result's id (<see cref="NewId"/>); null = a new one.</param>
    /// <param name="progress">Called after each run (from the run's thread); null = none.</param>
    /// <param name="cancellationToken">Starts no new run and stops those in progress; the partial result is returned.</param>
    /// <returns>The result (also stored).</returns>
    /// <exception cref="ArgumentException">The experiment is invalid, a task id is unknown, or the id is not 32 hex digits.</exception>
    /// <exception cref="ArgumentOutOfRangeException">Seeds or max steps out of range.</exception>
    public async Task<AgentExperimentResult> RunAsync(AgentExperiment experiment, string? id, Action<AgentExperimentProgress>? progress,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        experiment.Validate();
        id ??= NewId();
        if (!AgentExperimentStore.IsValidId(id)) throw new ArgumentException($"'{id}' is not an experiment id (32 hex digits).", nameof(id));
        var tasks = experiment.TaskIds.Select(t => _catalog.Get(t) ?? throw new ArgumentException($"Unknown agent task '{t}'.", nameof(experiment))).ToList();
        var arms = experiment.ArmsOrDefault;
        var startedAt = _time.GetUtcNow();

        var plan = new List<(AgentTask Task, bool Verify, int Seed)>();
        for (var seed = 1; seed <= experiment.Seeds; seed++)
            foreach (var task in tasks)
                foreach (var verify in arms)
                    plan.Add((task, verify, seed));

        var results = new AgentExperimentRun?[plan.Count];
        var done = 0;
        using var gate = new SemaphoreSlim(_maxConcurrentRuns);
        var running = new List<Task>();
        foreach (var (item, index) in plan.Select((p, i) => (p, i)))
        {
            try
            {
                await gate.WaitAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            running.Add(Task.Run(async () =>
            {
                try
                {
                    var run = await RunOneAsync(experiment, item.Task, item.Verify, item.Seed, cancellationToken);
                    results[index] = run;
                    var report = new AgentExperimentProgress(id, Interlocked.Increment(ref done), plan.Count, run);
                    Notify(progress, report);
                }
                finally
                {
                    gate.Release();
                }
            }, CancellationToken.None));
        }
        await Task.WhenAll(running);

        var runs = results.OfType<AgentExperimentRun>().ToList();
        var armResults = arms.Select(verify => Summarize(verify, tasks, experiment.Seeds, runs)).ToList();
        var first = armResults[0];
        var last = armResults[^1];
        var difference = armResults.Count == 2 && first.N > 0 && last.N > 0
            ? new AgentRateDifference(last.PassRate - first.PassRate,
                ProportionInterval.NewcombeDifference(last.Passed, last.N, first.Passed, first.N), DifferenceMethod)
            : null;
        var result = new AgentExperimentResult(id, experiment, startedAt, _time.GetUtcNow(),
            Cancelled: runs.Count < plan.Count, armResults, difference, runs);
        try
        {
            _store.Save(result);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogError(e, "Could not save agent experiment {Id}.", id);
        }
        _logger.LogInformation("Agent experiment {Id}: {Done}/{Total} runs, {Arms}.", id, runs.Count, plan.Count,
            string.Join(", ", armResults.Select(a => $"verify={a.VerifyOnEdit}: {a.Passed}/{a.N}")));
        return result;
    }

    private async Task<AgentExperimentRun> RunOneAsync(AgentExperiment experiment, AgentTask task, bool verify, int seed, CancellationToken cancellationToken)
    {
        var request = new AgentRunRequest(task, experiment.Backend, experiment.Model, verify, experiment.MaxSteps,
            Seed: seed, Temperature: experiment.Temperature);
        try
        {
            var record = await _runner.RunAsync(request, null, cancellationToken);
            return new AgentExperimentRun(task.Id, verify, seed, record.Id, record.Passed, record.Status, record.StopReason,
                record.Error, record.Steps.Count, record.InputTokens, record.OutputTokens,
                ((record.EndedAt ?? _time.GetUtcNow()) - record.StartedAt).TotalMilliseconds);
        }
        catch (Exception e)
        {
            // IAgentRunner promises not to throw for the model's faults; anything else is this run's error, not the experiment's.
            _logger.LogError(e, "Agent run of {Task} (verify {Verify}, seed {Seed}) threw.", task.Id, verify, seed);
            return new AgentExperimentRun(task.Id, verify, seed, "", false, AgentRunStatus.Failed, null,
                cancellationToken.IsCancellationRequested && e is OperationCanceledException ? "cancelled" : e.Message, 0, 0, 0, 0);
        }
    }

    private static AgentArmResult Summarize(bool verify, IReadOnlyList<AgentTask> tasks, int seeds, List<AgentExperimentRun> runs)
    {
        var mine = runs.Where(r => r.VerifyOnEdit == verify).ToList();
        var passed = mine.Count(r => r.Passed);
        var outcomes = tasks.Select(t =>
        {
            var bySeed = new bool?[seeds];
            foreach (var run in mine.Where(r => r.TaskId == t.Id)) bySeed[run.Seed - 1] = run.Passed;
            return new AgentTaskOutcome(t.Id, bySeed);
        }).ToList();
        return new AgentArmResult(verify, passed, mine.Count, mine.Count == 0 ? 0 : (double)passed / mine.Count,
            ProportionInterval.Wilson(passed, mine.Count), mine.Count(r => r.Status == AgentRunStatus.Failed),
            mine.Sum(r => r.InputTokens), mine.Sum(r => r.OutputTokens), mine.Sum(r => r.Ms), outcomes);
    }

    private void Notify(Action<AgentExperimentProgress>? progress, AgentExperimentProgress report)
    {
        try
        {
            progress?.Invoke(report);
            ProgressChanged?.Invoke(report);
        }
        catch (Exception e)
        {
            _logger.LogWarning(e, "An agent experiment progress listener failed.");
        }
    }
}
