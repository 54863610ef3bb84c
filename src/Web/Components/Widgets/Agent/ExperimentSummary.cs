using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Experiments;

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
    IReadOnlyList<ExperimentTaskRow> Tasks)
{
    /// <summary>The runner's result as the view draws it: one arm per verify setting (its Wilson interval, tokens and
    /// summed run time), one row per task (passing seeds per arm).</summary>
    /// <param name="result">A stored or just finished experiment.</param>
    /// <param name="catalog">For the tasks' languages (a task no longer in the catalogue shows "?").</param>
    public static ExperimentSummary From(AgentExperimentResult result, AgentTaskCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(catalog);
        var experiment = result.Experiment;
        var arms = result.Arms.Select(a => new ExperimentArmSummary(
            a.VerifyOnEdit ? "verify-on-edit on" : "verify-on-edit off", a.N, a.Passed, a.Interval.Lower, a.Interval.Upper,
            a.InputTokens + a.OutputTokens, a.Ms / 1000)).ToList();
        var rows = experiment.TaskIds.Select(id => new ExperimentTaskRow(id,
            catalog.Get(id)?.Language switch { AgentLanguage.CSharp => "C#", AgentLanguage.Python => "Python", null => "?", _ => "other" },
            result.Arms.Select(a => a.Tasks.FirstOrDefault(t => t.TaskId == id)?.Passed ?? 0).ToList(), experiment.Seeds)).ToList();
        var title = (result.Cancelled ? "Cancelled experiment" : "Experiment") + " of " + result.StartedAt.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + " UTC";
        var model = (experiment.Backend ?? Lab.Backends.IChatBackends.BuiltInName) + (experiment.Model is { } m ? " / " + m : "");
        return new ExperimentSummary(title, model, experiment.TaskIds.Count,
            $"{experiment.TaskIds.Count} bug-fix tasks of lab 08", experiment.Seeds, arms, rows);
    }
}

/// <summary>One task's outcomes across the arms.</summary>
/// <param name="TaskId">The task's id.</param>
/// <param name="Language">"C#" or "Python" (for the table).</param>
/// <param name="Passes">Passing seeds per arm, same order as <see cref="ExperimentSummary.Arms"/>.</param>
/// <param name="Seeds">Seeds run per arm.</param>
public sealed record ExperimentTaskRow(string TaskId, string Language, IReadOnlyList<int> Passes, int Seeds);
