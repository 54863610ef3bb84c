using System.Globalization;

namespace Workbench.Bench;

/// <summary>The <c>--name value</c> arguments and the percentile the sub-benchmarks (<c>grading</c>, <c>structured</c>) share.</summary>
internal static class BenchArguments
{
    /// <summary>Reads <c>--name value</c> pairs into a dictionary keyed by name (without the dashes).</summary>
    /// <param name="args">The arguments after the sub-command.</param>
    /// <param name="usage">The sub-command's usage line, quoted in the error.</param>
    /// <exception cref="ArgumentException">An argument is not <c>--name</c> or has no value.</exception>
    public static Dictionary<string, string> Parse(string[] args, string usage)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
                throw new ArgumentException($"Unexpected argument '{args[i]}'. Usage: {usage}");
            values[args[i][2..]] = args[++i];
        }
        return values;
    }

    /// <summary>The integer value of <c>--<paramref name="name"/></c>, or <paramref name="fallback"/>.</summary>
    /// <exception cref="FormatException">The value is not an integer.</exception>
    public static int Int(IReadOnlyDictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>The <paramref name="percentile"/>th percentile (0..100) of <paramref name="values"/>, interpolated
    /// linearly between ranks; NaN when there are none.</summary>
    public static double Percentile(IEnumerable<double> values, double percentile)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        double rank = percentile / 100 * (sorted.Length - 1);
        int low = (int)Math.Floor(rank), high = (int)Math.Ceiling(rank);
        return sorted[low] + (sorted[high] - sorted[low]) * (rank - low);
    }
}
