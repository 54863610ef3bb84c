using System.Globalization;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Agent.Sandboxed;

/// <summary>How one sandboxed shell command ended (<see cref="AgentCommandRunner.RunAsync"/>).</summary>
/// <param name="ExitCode">The shell's exit code; null when the launcher killed it at a limit.</param>
/// <param name="Output">Standard output and standard error together, in the order written, decoded as UTF-8
/// (invalid bytes become U+FFFD). At most <see cref="AgentCommandRunner.OutputLimitBytes"/> bytes of it: past that,
/// the first and the last half are kept and <see cref="AgentCommandRunner.TruncationMarker"/> (with the count of
/// bytes left out) stands between them.</param>
/// <param name="Truncated">Whether bytes were left out of <see cref="Output"/>.</param>
/// <param name="ExceededLimit">The limit that killed the command (wall time = the timeout, CPU time, memory,
/// processes), or null.</param>
/// <param name="Ms">Wall time from start to exit, in milliseconds.</param>
public sealed record AgentCommandResult(int? ExitCode, string Output, bool Truncated, SandboxLimit? ExceededLimit, double Ms)
{
    /// <summary>Exit code 0 within every limit.</summary>
    public bool Succeeded => ExitCode == 0 && ExceededLimit is null;

    /// <summary>The text a model reads as a tool result: the output, then one line
    /// <c>[exit code N]</c> or <c>[killed: the wall time limit was reached]</c> (and <c>[output truncated]</c>).</summary>
    public string ToToolText()
    {
        var status = ExceededLimit switch
        {
            null => string.Create(CultureInfo.InvariantCulture, $"[exit code {ExitCode}]"),
            SandboxLimit.WallTime => "[killed: the time limit was reached]",
            SandboxLimit.CpuTime => "[killed: the CPU time limit was reached]",
            SandboxLimit.Memory => "[killed: the memory limit was reached]",
            SandboxLimit.Processes => "[killed: the process limit was reached]",
            var other => $"[killed: {other}]",
        };
        var separator = Output.Length == 0 || Output.EndsWith('\n') ? "" : "\n";
        return Output + separator + status + (Truncated ? " [output truncated]" : "");
    }
}
