namespace Workbench.Web.Components.Widgets.Structured;

/// <summary>The experiment's counts for one mode.</summary>
/// <param name="Mode">The mode.</param>
/// <param name="Runs">Generations finished.</param>
/// <param name="Json">Replies that parsed as JSON.</param>
/// <param name="Valid">Replies that validated against the schema.</param>
public sealed record ModeTally(OutputMode Mode, int Runs, int Json, int Valid)
{
    /// <summary>The mode's display name (chart category).</summary>
    public string Label => StructuredPrompt.Label(Mode);

    /// <summary>Valid replies as a percentage of runs (0 when none ran).</summary>
    public double ValidPercent => Runs == 0 ? 0 : 100.0 * Valid / Runs;

    /// <summary>JSON replies as a percentage of runs (0 when none ran).</summary>
    public double JsonPercent => Runs == 0 ? 0 : 100.0 * Json / Runs;

    /// <summary>This tally with one more outcome counted.</summary>
    /// <param name="verdict">The outcome's verdict.</param>
    public ModeTally Add(OutputVerdict verdict) =>
        this with { Runs = Runs + 1, Json = Json + (verdict.IsJson ? 1 : 0), Valid = Valid + (verdict.IsValid ? 1 : 0) };
}
