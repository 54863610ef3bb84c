using System.Globalization;

namespace Workbench.Lab.Agent.Experiments;

/// <summary>
/// The seed result the lab measures itself against, from the lecture's verify-on-edit slide: an agent harness
/// (Read, Bash, Edit, Write, Find, LS tools) on 45 hard tasks, one run per task and arm — 10/45 = 22.2 % passed with
/// the plain harness, 15/45 = 33.3 % when each edit was syntax-checked and a broken edit rolled back, 17/45 = 37.8 %
/// with the nudge to verify added (the nudge alone: +2 of 45). Intervals are computed by the same code as the lab's
/// own (<see cref="ProportionInterval.Wilson"/>), so the two are shown on one scale.
/// </summary>
public static class AgentExperimentReference
{
    /// <summary>Where the numbers come from.</summary>
    public const string Source = "the lecture's verify-on-edit slide (coding lesson, agent harnesses)";

    /// <summary>Tasks in the seed experiment: 45 hard tasks, one run each per arm.</summary>
    public const int Tasks = 45;

    /// <summary>Passed without verify-on-edit: 10 of 45 (22.2 %).</summary>
    public const int BaselinePassed = 10;

    /// <summary>Passed with the syntax check and rollback: 15 of 45 (33.3 %).</summary>
    public const int RollbackPassed = 15;

    /// <summary>Passed with the syntax check, rollback and the nudge: 17 of 45 (37.8 %), the arm the lab's
    /// verify-on-edit corresponds to.</summary>
    public const int NudgePassed = 17;

    /// <summary>The three arms with their 95 % Wilson intervals.</summary>
    public static IReadOnlyList<AgentReferenceArm> Arms { get; } =
    [
        Arm("baseline", BaselinePassed),
        Arm("syntax check + rollback", RollbackPassed),
        Arm("syntax check + rollback + nudge", NudgePassed),
    ];

    /// <summary>The seed's difference, nudge arm minus baseline (+7 of 45 = +15.6 points), with Newcombe's interval.</summary>
    public static AgentRateDifference Difference { get; } = new((double)(NudgePassed - BaselinePassed) / Tasks,
        ProportionInterval.NewcombeDifference(NudgePassed, Tasks, BaselinePassed, Tasks), AgentExperimentRunner.DifferenceMethod);

    /// <summary>
    /// What differs between <paramref name="result"/> and the seed result, in plain sentences for the UI: model and
    /// harness, task set and difficulty, number of runs and independence, which arms, and whether the intervals
    /// overlap. The numbers can be set side by side; these are the reasons they need not agree.
    /// </summary>
    /// <param name="result">A finished (or cancelled) experiment.</param>
    public static AgentExperimentComparison Compare(AgentExperimentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var e = result.Experiment;
        var notes = new List<string>();
        var model = $"{e.Backend ?? Backends.IChatBackends.BuiltInName}{(e.Model is null ? "" : " / " + e.Model)}";
        notes.Add($"Model and harness: the seed result used the lecture's model and harness; this run used {model} with the lab's agent and tools.");
        notes.Add(Invariant($"Tasks: the seed used {Tasks} hard tasks; this run used {e.TaskIds.Count} small bug-fix task(s) of the lab, far easier, so absolute rates are not comparable — compare the direction and size of the difference."));
        var n = result.Arms.Count == 0 ? 0 : result.Arms.Max(a => a.N);
        notes.Add(e.Seeds > 1
            ? Invariant($"Runs: the seed ran each task once per arm (N = {Tasks}); this run has N = {n} per arm from {e.Seeds} seeds per task. Runs of one task are not independent, so the Wilson intervals here are narrower than they should be; the per-task outcomes show how consistent each task is.")
            : Invariant($"Runs: the seed ran each task once per arm (N = {Tasks}); this run has N = {n} per arm, one run per task, as the seed."));
        notes.Add(result.Arms.Count == 2
            ? "Arms: this lab's verify-on-edit is syntax check + rollback + nudge together, so it corresponds to the seed's third arm (37.8 %); the seed's middle arm (rollback without the nudge) has no counterpart here."
            : "Arms: this run has one arm only, so it gives no difference to compare.");
        if (result.Cancelled) notes.Add(Invariant($"Incomplete: the experiment was cancelled after {result.Runs.Count} of {e.TotalRuns} runs."));
        var errors = result.Arms.Sum(a => a.Errors);
        if (errors > 0) notes.Add(Invariant($"Errors: {errors} run(s) failed outside the model's control (backend or sandbox) and count as not passed."));
        if (result.Difference is { } difference)
        {
            var overlap = difference.Interval.Lower <= Difference.Interval.Upper && Difference.Interval.Lower <= difference.Interval.Upper;
            var includesZero = difference.Interval.Lower <= 0 && difference.Interval.Upper >= 0;
            notes.Add(Invariant($"Difference: {difference.Difference * 100:+0.0;-0.0;0.0} points [{difference.Interval.Lower * 100:0.0}, {difference.Interval.Upper * 100:0.0}] here vs {Difference.Difference * 100:+0.0} points [{Difference.Interval.Lower * 100:0.0}, {Difference.Interval.Upper * 100:0.0}] in the seed; the intervals {(overlap ? "overlap" : "do not overlap")}, and this run's interval {(includesZero ? "includes 0: it cannot tell the arms apart" : "excludes 0")}."));
        }
        var seedIncludesZero = Difference.Interval.Lower <= 0;
        notes.Add(seedIncludesZero
            ? "The seed itself: with 45 tasks its own difference interval includes 0 — suggestive, not proof."
            : "The seed itself: its difference interval excludes 0.");
        return new AgentExperimentComparison(Arms, Difference, notes);
    }

    private static AgentReferenceArm Arm(string name, int passed) =>
        new(name, passed, Tasks, (double)passed / Tasks, ProportionInterval.Wilson(passed, Tasks));

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

/// <summary>One arm of the seed result.</summary>
/// <param name="Name">What the harness did.</param>
/// <param name="Passed">Tasks passed.</param>
/// <param name="N">Tasks run.</param>
/// <param name="PassRate">Passed / N.</param>
/// <param name="Interval">95 % Wilson interval.</param>
public sealed record AgentReferenceArm(string Name, int Passed, int N, double PassRate, ProportionInterval Interval);

/// <summary>The seed result beside an experiment, with what differs.</summary>
/// <param name="Reference">The seed's arms.</param>
/// <param name="ReferenceDifference">The seed's difference (nudge arm − baseline).</param>
/// <param name="Notes">What differs and what the comparison can and cannot show, one sentence group each.</param>
public sealed record AgentExperimentComparison(IReadOnlyList<AgentReferenceArm> Reference, AgentRateDifference ReferenceDifference, IReadOnlyList<string> Notes);
