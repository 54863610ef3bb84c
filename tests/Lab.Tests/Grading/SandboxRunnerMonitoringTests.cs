using System.Diagnostics;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>The runner's process watching when the sandbox exits between two polls.</summary>
public sealed class SandboxRunnerMonitoringTests
{
    [Fact]
    public void CpuTimeOf_ProcessAlreadyReaped_IsNullNotAnException()
    {
        // A second Process object on the same pid does not see the exit, so reading its CPU time goes to
        // /proc/<pid>/stat, which is gone once the child was reaped: .NET throws Win32Exception there, the race a
        // sandbox that exits right at a poll runs into.
        // The child lives a second, so it is still there when the second object is made.
        using var child = Process.Start(new ProcessStartInfo("/bin/sleep", "1") { UseShellExecute = false })!;
        using var sameChild = Process.GetProcessById(child.Id);
        child.WaitForExit();

        Assert.ThrowsAny<System.ComponentModel.Win32Exception>(() => sameChild.TotalProcessorTime);
        Assert.Null(SandboxRunner.CpuTimeOf(sameChild));
    }

    [Fact]
    public void CpuTimeOf_RunningProcess_IsItsCpuTime()
    {
        using var child = Process.Start(new ProcessStartInfo("/bin/sleep", "5") { UseShellExecute = false })!;
        try
        {
            Assert.NotNull(SandboxRunner.CpuTimeOf(child));
        }
        finally
        {
            child.Kill();
            child.WaitForExit();
        }
    }
}
