namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>An A/B experiment's result as <see cref="ExperimentResultView"/> shows it (the experiment runner's result
/// or the lecture's reference, mapped).</summary>
/// <param name="Title">What it is ("This run", "Lecture: verify-on-edit harness").</param>
/// <param name="Model">The model (backend/model), or a description for a reference.</param>
/// <param name="TaskCount">Tasks in the set.</param>
/// <param name="TaskSet">What the tasks are ("12 bug-fix tasks of lab 08 (C# and Python)").</param>
/// <param name="Seeds">Seeds (runs per task per arm); null when not stated.</param>
/// <param name="Arms">The arms, in order (the chart gives each its series colour by index).</param>
/// <param name="Tasks">Per-task outcomes (empty for a reference without them).</param>
public sealed record ExperimentSummary(
    string Title,
    string Model,
    int TaskCount,
    string TaskSet,
    int? Seeds,
    IReadOnlyList<ExperimentArmSummary> Arms,
    IReadOnlyList<ExperimentTaskRow> Tasks);

/// <summary>One task's outcomes across the arms.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Language">"C#" or "Python" (for the table).</param>
/// <param name="Passes">Passing seeds per arm, same order as <see cref="ExperimentSummary.Arms"/>.</param>
/// <param name="Seeds">Seeds run per arm.</param>
public sealed record ExperimentTaskRow(string TaskId, string Language, IReadOnlyList<int> Passes, int Seeds);
