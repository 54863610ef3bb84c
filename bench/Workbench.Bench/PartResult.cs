namespace Workbench.Bench;

/// <summary>The runs of one measured part (a transport or the peer) and their medians.</summary>
/// <param name="Name">Row label in the report.</param>
/// <param name="Generation">Runs on the generation prompt (short prompt, <c>--tokens</c> tokens).</param>
/// <param name="Prompt">Runs on the long prompt with one generated token (prompt throughput).</param>
/// <param name="Note">Why the part was not measured, or a remark; null when measured.</param>
internal sealed record PartResult(string Name, IReadOnlyList<StreamMeasurement> Generation, IReadOnlyList<StreamMeasurement> Prompt, string? Note = null)
{
    public bool Measured => Generation.Count > 0;

    public double MedianPerTokenUs => Median(Generation.Select(m => m.PerTokenMicroseconds));
    public double MedianGenerationTps => Median(Generation.Select(m => m.GenerationTokensPerSecond));
    public double MedianTtftMs => Median(Generation.Select(m => m.TtftMs));
    public double MedianPromptTps => Median(Prompt.Select(m => m.PromptTokensPerSecond));
    public double MedianServerPromptTps => Median(Prompt.Where(m => m.ServerPromptTokensPerSecond is not null).Select(m => m.ServerPromptTokensPerSecond!.Value));
    public int MedianCompletionTokens => (int)Median(Generation.Select(m => (double)m.CompletionTokens));
    public int PromptTokensOfPromptRuns => Prompt.Count > 0 ? Prompt[0].PromptTokens : 0;
    public int PromptTokensOfGenerationRuns => Generation.Count > 0 ? Generation[0].PromptTokens : 0;

    public static PartResult NotMeasured(string name, string reason) => new(name, [], [], reason);

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
