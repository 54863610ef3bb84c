namespace Workbench.Lab.Agent.Experiments;

/// <summary>
/// An A/B experiment (issue 14 §3): every task × arm × seed is one agent run through <see cref="IAgentRunner"/>.
/// </summary>
/// <param name="TaskIds">Task ids of the <see cref="AgentTaskCatalog"/>, at least one, no duplicates.</param>
/// <param name="Backend">The backend's name; null = the built-in engine.</param>
/// <param name="Model">The model; null = the backend's configured one.</param>
/// <param name="Seeds">Runs per task and arm, 1..20; run k (1-based) samples with seed k.</param>
/// <param name="MaxSteps">Model requests per run at most, 1..100. Default 20.</param>
/// <param name="Arms">Verify-on-edit per arm: one or two distinct values. Null = both, baseline (off) first.</param>
/// <param name="Temperature">Sampling temperature of every run; null = the backend's default.</param>
public sealed record AgentExperiment(
    IReadOnlyList<string> TaskIds,
    string? Backend = null,
    string? Model = null,
    int Seeds = 3,
    int MaxSteps = 20,
    IReadOnlyList<bool>? Arms = null,
    float? Temperature = null)
{
    /// <summary>The most seeds per task and arm.</summary>
    public const int MaxSeeds = 20;

    /// <summary>The arms to run: <see cref="Arms"/>, or off then on.</summary>
    public IReadOnlyList<bool> ArmsOrDefault => Arms ?? [false, true];

    /// <summary>Runs in all: tasks × arms × seeds.</summary>
    public int TotalRuns => TaskIds.Count * ArmsOrDefault.Count * Seeds;

    /// <summary>Throws unless every field is in range.</summary>
    /// <exception cref="ArgumentException">No tasks, a duplicate or blank task id, or bad arms (the message says which).</exception>
    /// <exception cref="ArgumentOutOfRangeException">Seeds or max steps out of range.</exception>
    public void Validate()
    {
        if (TaskIds is null || TaskIds.Count == 0) throw new ArgumentException("An experiment needs at least one task.", nameof(TaskIds));
        if (TaskIds.Any(string.IsNullOrWhiteSpace)) throw new ArgumentException("A task id is blank.", nameof(TaskIds));
        if (TaskIds.Distinct(StringComparer.Ordinal).Count() != TaskIds.Count) throw new ArgumentException("A task is listed twice.", nameof(TaskIds));
        if (Seeds is < 1 or > MaxSeeds) throw new ArgumentOutOfRangeException(nameof(Seeds), Seeds, $"Seeds must be within 1..{MaxSeeds}.");
        if (MaxSteps is < 1 or > 100) throw new ArgumentOutOfRangeException(nameof(MaxSteps), MaxSteps, "Max steps must be within 1..100.");
        var arms = ArmsOrDefault;
        if (arms.Count is < 1 or > 2 || arms.Distinct().Count() != arms.Count)
            throw new ArgumentException("Arms must be one or two distinct verify-on-edit settings.", nameof(Arms));
    }
}
