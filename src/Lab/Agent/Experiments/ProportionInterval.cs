namespace Workbench.Lab.Agent.Experiments;

/// <summary>A confidence interval for a proportion or a difference of proportions, as fractions (0.25 = 25 %).</summary>
/// <param name="Lower">The lower bound.</param>
/// <param name="Upper">The upper bound.</param>
public readonly record struct ProportionInterval(double Lower, double Upper)
{
    /// <summary>z for a two-sided 95 % interval: Φ⁻¹(0.975).</summary>
    public const double Z95 = 1.959963984540054;

    /// <summary>
    /// The Wilson score interval for <paramref name="successes"/> of <paramref name="n"/>: with p̂ = s/n,
    /// <c>(p̂ + z²/2n ± z·√(p̂(1−p̂)/n + z²/4n²)) / (1 + z²/n)</c>. Source: E. B. Wilson, "Probable inference, the law
    /// of succession, and statistical inference", JASA 22 (1927) 209–212; the form as in R. G. Newcombe, "Two-sided
    /// confidence intervals for the single proportion: comparison of seven methods", Statistics in Medicine 17
    /// (1998) 857–872, method 3. Unlike p̂ ± z·√(p̂(1−p̂)/n) it stays inside [0, 1] and is not empty at 0 or n
    /// successes. n = 0 gives [0, 1].
    /// </summary>
    /// <param name="successes">Successes, 0..n.</param>
    /// <param name="n">Trials, ≥ 0.</param>
    /// <param name="z">The normal quantile; default <see cref="Z95"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">n &lt; 0, successes outside 0..n, or z ≤ 0.</exception>
    public static ProportionInterval Wilson(int successes, int n, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        if (successes < 0 || successes > n) throw new ArgumentOutOfRangeException(nameof(successes), successes, $"Successes must be within 0..{n}.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(z);
        if (n == 0) return new(0, 1);
        var p = (double)successes / n;
        var z2 = z * z;
        var denominator = 1 + z2 / n;
        var center = (p + z2 / (2.0 * n)) / denominator;
        var half = z * Math.Sqrt(p * (1 - p) / n + z2 / (4.0 * n * n)) / denominator;
        // Exact at the ends (rounding would leave 1e-17 below 0 or above 1).
        return new(successes == 0 ? 0 : Math.Max(0, center - half), successes == n ? 1 : Math.Min(1, center + half));
    }

    /// <summary>
    /// The interval of p₁ − p₂ for two independent proportions by Newcombe's hybrid score method (method 10 of
    /// R. G. Newcombe, "Interval estimation for the difference between independent proportions: comparison of eleven
    /// methods", Statistics in Medicine 17 (1998) 873–890): with Wilson intervals (l₁, u₁) and (l₂, u₂),
    /// <c>[δ − √((p₁−l₁)² + (u₂−p₂)²), δ + √((u₁−p₁)² + (p₂−l₂)²)]</c>, δ = p₁ − p₂.
    /// </summary>
    /// <param name="successes1">Successes of the first arm.</param>
    /// <param name="n1">Trials of the first arm, ≥ 1.</param>
    /// <param name="successes2">Successes of the second arm.</param>
    /// <param name="n2">Trials of the second arm, ≥ 1.</param>
    /// <param name="z">The normal quantile; default <see cref="Z95"/>.</param>
    /// <exception cref="ArgumentOutOfRangeException">A count is out of range.</exception>
    public static ProportionInterval NewcombeDifference(int successes1, int n1, int successes2, int n2, double z = Z95)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n1);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n2);
        var (l1, u1) = Wilson(successes1, n1, z);
        var (l2, u2) = Wilson(successes2, n2, z);
        double p1 = (double)successes1 / n1, p2 = (double)successes2 / n2, d = p1 - p2;
        return new(d - Math.Sqrt((p1 - l1) * (p1 - l1) + (u2 - p2) * (u2 - p2)),
            d + Math.Sqrt((u1 - p1) * (u1 - p1) + (p2 - l2) * (p2 - l2)));
    }
}
