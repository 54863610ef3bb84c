namespace Workbench.Lab.Grading.Sandbox;

/// <summary>What a sandbox run produced.</summary>
/// <param name="Trials">The trials the judge finished, in the order they ran (fewer than asked for when the run was
/// killed or crashed). Verdicts of the grader's checks, never anything the sandbox sent.</param>
/// <param name="ExceededLimit">The limit that stopped the run, or null.</param>
/// <param name="ExitCode">The process's exit code, or null when it was killed.</param>
/// <param name="StandardError">The first 4 KiB the process wrote to standard error (the runtime's own messages,
/// for example <c>Stack overflow.</c>; the student's console output is discarded).</param>
/// <param name="Duration">Wall time from start to exit.</param>
/// <param name="CpuTime">CPU time used (user + system) by the whole process tree, as last measured.</param>
/// <param name="PeakMemoryBytes">The highest memory of the whole tree seen, in bytes (the cgroup's charge, or the
/// summed resident set sizes in rlimits mode).</param>
/// <param name="ProtocolError">Why the channel was closed because of what the sandbox sent (a message over
/// 1 MiB, not JSON), or null.</param>
public sealed record SandboxResult(
    IReadOnlyList<SandboxTrial> Trials,
    SandboxLimit? ExceededLimit,
    int? ExitCode,
    string StandardError,
    TimeSpan Duration,
    TimeSpan CpuTime,
    long PeakMemoryBytes,
    string? ProtocolError = null)
{
    /// <summary>Whether the process exited normally (0) without breaking the protocol.</summary>
    public bool Completed => ExceededLimit is null && ExitCode == 0 && ProtocolError is null;
}

/// <summary>The result of one trial of one check.</summary>
/// <param name="CheckId">The check id.</param>
/// <param name="Trial">1-based trial number.</param>
/// <param name="Passed">Whether the check passed (computed by the grader's check).</param>
/// <param name="Message">Empty when passed; otherwise why it failed, for the student.</param>
/// <param name="Duration">How long the trial ran.</param>
public sealed record SandboxTrial(string CheckId, int Trial, bool Passed, string Message, TimeSpan Duration);

/// <summary>A limit the sandbox enforces.</summary>
public enum SandboxLimit
{
    /// <summary>Wall-clock time of the whole run.</summary>
    WallTime,

    /// <summary>CPU time (user + system) of the whole process tree.</summary>
    CpuTime,

    /// <summary>Memory of the whole process tree (or the sandbox's GC heap, which is capped at the same size).</summary>
    Memory,

    /// <summary>Processes and threads alive at once in the tree (a fork bomb).</summary>
    Processes,
}
