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

    /// <summary>An arm from counts, with the 95 % Wilson score interval (Wilson 1927, z = 1.959964):
    /// (p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n); [0, 1] when n = 0.</summary>
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
        if (runs == 0) return new(label, 0, 0, 0, 1, tokens, seconds);
        const double z = 1.959963984540054;
        double n = runs, p = passed / n, z2 = z * z;
        var center = p + z2 / (2 * n);
        var margin = z * Math.Sqrt(p * (1 - p) / n + z2 / (4 * n * n));
        var denominator = 1 + z2 / n;
        return new(label, runs, passed, Math.Max(0, (center - margin) / denominator), Math.Min(1, (center + margin) / denominator), tokens, seconds);
    }
}
