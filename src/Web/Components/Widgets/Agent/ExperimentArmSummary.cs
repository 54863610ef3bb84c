namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>One arm of an A/B experiment as <see cref="ExperimentResultView"/> draws it.</summary>
/// <param name="Label">The arm's name ("verify-on-edit off", "on", a reference harness's name).</param>
/// <param name="Runs">Runs in the arm (tasks × seeds), ≥ 0.</param>
/// <param name="Passed">Runs whose hidden tests passed, 0..<paramref name="Runs"/>.</param>
/// <param name="Low">Lower bound of the 95 % interval of the pass rate, 0..1.</param>
/// <param name="High">Upper bound, 0..1.</param>
/// <param name="Tokens">Prompt + completion tokens of all its runs; null when not reported (a reference).</param>
/// <param name="Seconds">Wall time of all its runs in seconds; null when not reported.</param>
public sealed record ExperimentArmSummary(string Label, int Runs, int Passed, double Low, double High, long? Tokens, double? Seconds)
{
    /// <summary>Passed / Runs (0 when there are no runs).</summary>
    public double PassRate => Runs == 0 ? 0 : (double)Passed / Runs;

    /// <summary>An arm from counts, with the 95 % Wilson score interval of the experiment runner
    /// (<see cref="Lab.Agent.Experiments.ProportionInterval.Wilson"/>; [0, 1] when n = 0).</summary>
    /// <param name="label">The arm's name.</param>
    /// <param name="passed">Passing runs (0..runs).</param>
    /// <param name="runs">Runs (≥ 0).</param>
    /// <param name="tokens">Tokens, or null.</param>
    /// <param name="seconds">Seconds, or null.</param>
    /// <exception cref="ArgumentOutOfRangeException">runs &lt; 0, or passed outside 0..runs.</exception>
    public static ExperimentArmSummary FromCounts(string label, int passed, int runs, long? tokens = null, double? seconds = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(runs);
        ArgumentOutOfRangeException.ThrowIfNegative(passed);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(passed, runs);
        var interval = Lab.Agent.Experiments.ProportionInterval.Wilson(passed, runs);
        return new(label, runs, passed, interval.Lower, interval.Upper, tokens, seconds);
    }
}
