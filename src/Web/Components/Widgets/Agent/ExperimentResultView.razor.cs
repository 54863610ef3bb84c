using System.Globalization;
using Microsoft.AspNetCore.Components;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// An A/B experiment's result (issue 14 §3): per arm the pass rate as a bar with its 95 % interval as an error bar
/// (SVG, colours from <see cref="SeriesColors"/>, legend by <see cref="ChartLegend"/>), a table of N, passes, tokens
/// and time, and per task the passes of N seeds in each arm; beside it the lecture's reference
/// (<see cref="Reference"/>, by default <see cref="LectureReference"/>) drawn the same way, and the list of what differs
/// between the two (model, tasks, N), so a student does not read one as a replication of the other.
/// </summary>
public partial class ExperimentResultView
{
    internal const double Width = 360, Height = 220, Left = 44, Top = 10, Bottom = 30;

    /// <summary>The lecture's result: an agent harness on 45 hard tasks, 22.2 % without checks, 33.3 % with a
    /// syntax check and rollback after each edit, 37.8 % with the nudge to verify added (10, 15 and 17 of 45; the nudge
    /// alone +2 of 45), one run per task; 95 % Wilson intervals computed from those counts.</summary>
    public static ExperimentSummary LectureReference { get; } = new(
        "Lecture's result",
        "the lecture's agent harness and model",
        45,
        "45 hard tasks of the lecture's benchmark",
        1,
        [.. Lab.Agent.Experiments.AgentExperimentReference.Arms.Select(a => ExperimentArmSummary.FromCounts(a.Name, a.Passed, a.N))],
        []);

    /// <summary>The experiment's result; null = none yet (only the reference is drawn).</summary>
    [Parameter] public ExperimentSummary? Result { get; set; }

    /// <summary>The result to compare with. Default <see cref="LectureReference"/>.</summary>
    [Parameter] public ExperimentSummary Reference { get; set; } = LectureReference;

    /// <summary>What differs, as the experiment runner states it (<c>AgentExperimentReference.Compare</c>); null =
    /// <see cref="Differences"/> of the two summaries.</summary>
    [Parameter] public IReadOnlyList<string>? Notes { get; set; }

    private IEnumerable<ExperimentSummary> Shown => Result is null ? [Reference] : [Result, Reference];

    /// <summary>What differs between a result and the reference, one sentence each: model, task set, N and the arms.</summary>
    /// <param name="result">The experiment's result.</param>
    /// <param name="reference">The reference.</param>
    public static IReadOnlyList<string> Differences(ExperimentSummary result, ExperimentSummary reference)
    {
        var lines = new List<string>
        {
            $"Model: {result.Model} here; {reference.Model} in the reference.",
            $"Tasks: {result.TaskCount} ({result.TaskSet}) here; {reference.TaskCount} ({reference.TaskSet}) in the reference.",
            $"N: {Seeds(result.Seeds)} per task and arm here ({result.Arms.FirstOrDefault()?.Runs ?? 0} runs an arm); {Seeds(reference.Seeds)} in the reference ({reference.Arms.FirstOrDefault()?.Runs ?? 0} runs an arm).",
            $"Arms: {string.Join(" / ", result.Arms.Select(a => a.Label))} here; {string.Join(" / ", reference.Arms.Select(a => a.Label))} in the reference.",
        };
        if (result.Arms.Count >= 2 && Overlap(result.Arms[0], result.Arms[^1]))
            lines.Add("Here the intervals of the first and last arm overlap: this N cannot tell them apart.");
        return lines;
    }

    private static bool Overlap(ExperimentArmSummary a, ExperimentArmSummary b) => a.Low <= b.High && b.Low <= a.High;

    private static string Seeds(int? seeds) => seeds is { } n ? $"{n} seed{(n == 1 ? "" : "s")}" : "seeds not stated";

    private static string ChartLabel(ExperimentSummary s) =>
        $"{s.Title}: " + string.Join("; ", s.Arms.Select(a => $"{a.Label} {Pct(a.PassRate)} (95 % CI {Pct(a.Low)}–{Pct(a.High)}, {a.Passed} of {a.Runs})"));

    internal static double Y(double rate) => Top + (1 - Math.Clamp(rate, 0, 1)) * (Height - Top - Bottom);

    private static (double X, double W) Bar(int index, int count)
    {
        var slot = (Width - Left - 16) / Math.Max(1, count);
        var w = Math.Min(70, slot * 0.6);
        return (Left + 8 + slot * index + (slot - w) / 2, w);
    }

    internal static string Pct(double rate) => (rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %";

    /// <summary>An SVG <c>text</c> element (Razor reserves the <c>text</c> tag), its content HTML-encoded.</summary>
    private static MarkupString SvgText(double x, double y, string anchor, int size, string content) => new(
        $"<text x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"{anchor}\" font-size=\"{size}\" fill=\"#1d1d1f\">{System.Net.WebUtility.HtmlEncode(content)}</text>");

    private static string F(double v) => v.ToString("0.##", CultureInfo.InvariantCulture);
}
