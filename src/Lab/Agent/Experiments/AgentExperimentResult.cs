namespace Workbench.Lab.Agent.Experiments;

/// <summary>An experiment's outcome, as stored (<see cref="AgentExperimentStore"/>) and returned by the API.</summary>
/// <param name="Id">32 hex digits.</param>
/// <param name="Experiment">What was asked.</param>
/// <param name="StartedAt">When it started.</param>
/// <param name="EndedAt">When it ended.</param>
/// <param name="Cancelled">Stopped before every run was done: the counts cover the runs that were done.</param>
/// <param name="Arms">One per arm, in <see cref="AgentExperiment.ArmsOrDefault"/> order.</param>
/// <param name="Difference">The last arm's pass rate minus the first's (verify-on-edit minus baseline) with
/// Newcombe's interval; null with one arm or an arm without runs.</param>
/// <param name="Runs">Every run done, in start order.</param>
public sealed record AgentExperimentResult(
    string Id,
    AgentExperiment Experiment,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    bool Cancelled,
    IReadOnlyList<AgentArmResult> Arms,
    AgentRateDifference? Difference,
    IReadOnlyList<AgentExperimentRun> Runs);

/// <summary>One arm's counts.</summary>
/// <param name="VerifyOnEdit">The arm's setting.</param>
/// <param name="Passed">Runs whose hidden tests passed.</param>
/// <param name="N">Runs done (a run that failed outside the model's control counts as not passed; see <see cref="Errors"/>).</param>
/// <param name="PassRate">Passed / N (0 when N = 0).</param>
/// <param name="Interval">The 95 % Wilson score interval of the pass rate (<see cref="ProportionInterval.Wilson"/>).
/// It treats runs as independent; seeds of one task are not, so with several seeds it is too narrow.</param>
/// <param name="Errors">Runs that ended <see cref="AgentRunStatus.Failed"/> or threw (backend down, sandbox missing).</param>
/// <param name="InputTokens">Prompt tokens of all runs.</param>
/// <param name="OutputTokens">Completion tokens of all runs.</param>
/// <param name="Ms">Wall time of all runs added up, in milliseconds (runs overlap, so more than the elapsed time).</param>
/// <param name="Tasks">Per task, in the experiment's order.</param>
public sealed record AgentArmResult(
    bool VerifyOnEdit,
    int Passed,
    int N,
    double PassRate,
    ProportionInterval Interval,
    int Errors,
    long InputTokens,
    long OutputTokens,
    double Ms,
    IReadOnlyList<AgentTaskOutcome> Tasks);

/// <summary>One task's outcomes in one arm.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="PassedBySeed">Index k = seed k + 1: passed, failed, or null when that run was not done (cancelled).</param>
public sealed record AgentTaskOutcome(string TaskId, IReadOnlyList<bool?> PassedBySeed)
{
    /// <summary>Runs of this task that passed.</summary>
    public int Passed => PassedBySeed.Count(p => p == true);
}

/// <summary>The difference of two arms' pass rates.</summary>
/// <param name="Difference">Pass rate of <see cref="AgentExperimentResult.Arms"/>[^1] minus that of [0].</param>
/// <param name="Interval">Its 95 % interval.</param>
/// <param name="Method">How the interval was computed.</param>
public sealed record AgentRateDifference(double Difference, ProportionInterval Interval, string Method);

/// <summary>One run of an experiment.</summary>
/// <param name="TaskId">The task.</param>
/// <param name="VerifyOnEdit">Its arm.</param>
/// <param name="Seed">Its seed (1..N).</param>
/// <param name="RunId">The agent run's id (empty when the runner threw).</param>
/// <param name="Passed">The hidden tests passed.</param>
/// <param name="Status">How it ended.</param>
/// <param name="StopReason">Why the loop ended.</param>
/// <param name="Error">The error, when it failed.</param>
/// <param name="Steps">Model requests made.</param>
/// <param name="InputTokens">Prompt tokens.</param>
/// <param name="OutputTokens">Completion tokens.</param>
/// <param name="Ms">Wall time in milliseconds.</param>
public sealed record AgentExperimentRun(
    string TaskId,
    bool VerifyOnEdit,
    int Seed,
    string RunId,
    bool Passed,
    AgentRunStatus Status,
    AgentStopReason? StopReason,
    string? Error,
    int Steps,
    long InputTokens,
    long OutputTokens,
    double Ms);

/// <summary>Progress of an experiment, after each run.</summary>
/// <param name="ExperimentId">The experiment.</param>
/// <param name="Done">Runs done.</param>
/// <param name="Total">Runs in all.</param>
/// <param name="Last">The run just done.</param>
public sealed record AgentExperimentProgress(string ExperimentId, int Done, int Total, AgentExperimentRun Last);
