namespace Workbench.Lab.Agent;

/// <summary>The coding agent's settings, section <c>Agent</c> (issue 14). Validated on start by
/// <see cref="AgentServiceCollectionExtensions.AddAgent"/>.</summary>
public sealed class AgentOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Agent";

    /// <summary>Folders whose sub-folders are agent tasks (<see cref="AgentTask"/>), relative to the content root
    /// (the repository root under <c>dotnet run</c>, as <c>Lab:ContentDirectory</c>); resolved to full paths on start.
    /// Default: <c>labs/08-coding-agent/tasks</c>. A folder that does not exist is skipped with a log line.</summary>
    public List<string> TaskDirectories { get; set; } = [];

    /// <summary>Agent runs at once (the A/B runner's cap too), 1..16. Default 2.</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>The task folder used when <see cref="TaskDirectories"/> is empty.</summary>
    public const string DefaultTaskDirectory = "labs/08-coding-agent/tasks";
}
