namespace Workbench.Lab.Agent.Experiments;

/// <summary>
/// The one A/B experiment that runs at a time in this app (an experiment is tasks × arms × seeds agent runs; two at
/// once would only halve each other's speed): start, progress, cancel, and a <see cref="Changed"/> event for every
/// page that shows it. The result is stored by <see cref="AgentExperimentRunner"/> when it ends (cancelled ones too,
/// with the runs that were done).
/// </summary>
public sealed class AgentExperimentJobs(AgentExperimentRunner runner) : IDisposable
{
    private readonly Lock _gate = new();
    private CancellationTokenSource? _cancel;

    /// <summary>The experiment in progress or the last one started; null before the first.</summary>
    public AgentExperimentJob? Current { get; private set; }

    /// <summary>Raised (on a run's thread) after the start, after each run and at the end.</summary>
    public event Action<AgentExperimentJob>? Changed;

    /// <summary>Starts <paramref name="experiment"/> in the background.</summary>
    /// <param name="experiment">What to run (validated now).</param>
    /// <param name="ownerId">Who started it.</param>
    /// <returns>The job (its <see cref="AgentExperimentJob.Id"/> is the stored result's id).</returns>
    /// <exception cref="AgentRunRejectedException">An experiment is already running.</exception>
    /// <exception cref="ArgumentException">The experiment is invalid (the message says why).</exception>
    public AgentExperimentJob Start(AgentExperiment experiment, string? ownerId)
    {
        ArgumentNullException.ThrowIfNull(experiment);
        experiment.Validate();
        AgentExperimentJob job;
        CancellationTokenSource cancel;
        lock (_gate)
        {
            if (Current is { Running: true } running)
                throw new AgentRunRejectedException($"An experiment is already running ({running.Done} of {running.Total} runs done); cancel it or wait for it to end.");
            cancel = new CancellationTokenSource();
            _cancel?.Dispose();
            _cancel = cancel;
            job = Current = new AgentExperimentJob(AgentExperimentRunner.NewId(), experiment, ownerId, 0, experiment.TotalRuns, true, null, null);
        }
        Changed?.Invoke(job);
        _ = Task.Run(async () =>
        {
            try
            {
                var result = await runner.RunAsync(experiment, job.Id, p => Update(j => j with { Done = p.Done, Total = p.Total }), cancel.Token);
                Update(j => j with { Running = false, Result = result });
            }
            catch (Exception e)
            {
                Update(j => j with { Running = false, Error = e.Message }); // the runner counts the runs' own failures
            }
        });
        return job;
    }

    /// <summary>Cancels the running experiment (its done runs are kept); false when none runs.</summary>
    public bool Cancel()
    {
        lock (_gate)
        {
            if (Current is not { Running: true }) return false;
            _cancel?.Cancel();
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        _cancel?.Cancel();
        _cancel?.Dispose();
    }

    private AgentExperimentJob Update(Func<AgentExperimentJob, AgentExperimentJob> change)
    {
        AgentExperimentJob job;
        lock (_gate) job = Current = change(Current!);
        Changed?.Invoke(job);
        return job;
    }
}

/// <summary>An experiment in progress or ended.</summary>
/// <param name="Id">The result's id.</param>
/// <param name="Experiment">What runs.</param>
/// <param name="OwnerId">Who started it.</param>
/// <param name="Done">Runs done.</param>
/// <param name="Total">Runs planned.</param>
/// <param name="Running">Still running.</param>
/// <param name="Result">The result once ended.</param>
/// <param name="Error">Why it failed (not a run's failure: those are counted), or null.</param>
public sealed record AgentExperimentJob(string Id, AgentExperiment Experiment, string? OwnerId, int Done, int Total, bool Running,
    AgentExperimentResult? Result, string? Error);
