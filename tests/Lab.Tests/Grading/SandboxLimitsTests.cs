using Workbench.Lab.Grading.Sandbox;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Finding 3 of issue 10, limits: children are counted. The old runner polled the main process only (its VmRSS and
/// its own CPU time), had no process limit, and started children that outlived the run; each attack here ran through
/// it unnoticed (a detached child held 2.1 GB). Each runs with the host's cgroups and with the rlimits fallback.
/// </summary>
public sealed class SandboxLimitsTests(ITestOutputHelper output)
{
    public static TheoryData<string> Mechanisms => new() { "host", "rlimits" };

    [Fact]
    public async Task ForkBomb_IsStoppedByTheProcessLimitAndNamed()
    {
        using var shell = new SandboxShell();

        var run = await shell.RunAsync("b() { b | b & }; b; sleep 30", SandboxShell.Roomy with { MaxProcesses = 32 });

        output.WriteLine($"{shell.Launcher.Capabilities.Limits}: {run.Exit.ExceededLimit} after {run.Exit.Duration.TotalMilliseconds:0} ms");
        Assert.Equal(SandboxLimit.Processes, run.Exit.ExceededLimit); // the cgroup's pids.events counts refused forks
        Assert.Null(run.Exit.ExitCode);
        Assert.True(run.Exit.Duration < TimeSpan.FromSeconds(15), $"stopped after {run.Exit.Duration}");
    }

    [Fact]
    public async Task ForkBomb_Rlimits_IsBoundedByTheRunsUidAndEndsAtTheWallTime()
    {
        using var shell = new SandboxShell("rlimits");
        var marker = $"{800 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000)}";

        // RLIMIT_NPROC on the run's own uid refuses the 33rd task; the bomb collapses (dash exits when a fork fails)
        // faster than a poll sees it at the ceiling, so without cgroups it is named only when caught there. The bomb
        // runs in a subshell, after the top-level shell has started its sleep: a refused fork cannot end the run
        // early (it once did, with no limit named), and the run ends at the process or the wall-time limit.
        var bomb = shell.RunAsync($"sleep 30 & (b() {{ sleep {marker} & b | b & }}; b); wait", SandboxShell.Roomy with { MaxProcesses = 32, WallTime = TimeSpan.FromSeconds(3) });
        var most = 0;
        while (!bomb.IsCompleted)
        {
            most = Math.Max(most, SandboxShell.HostProcessesWith("sleep " + marker).Count);
            await Task.Delay(20);
        }
        var run = await bomb;

        Assert.Contains(run.Exit.ExceededLimit, new SandboxLimit?[] { SandboxLimit.Processes, SandboxLimit.WallTime });
        Assert.InRange(most, 1, 32);
        Assert.Empty(SandboxShell.HostProcessesWith("sleep " + marker));
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task ChildAllocatingTwoGigabytes_IsKilledByTheTreeMemoryLimit(string mechanism)
    {
        using var shell = new SandboxShell(mechanism);
        // A detached grandchild (its own session) keeps 2 GB of /dev/zero in its heap (dash's command substitution).
        const string Allocate = "setsid sh -c 'x=$(head -c 2000000000 /dev/zero | tr \"\\0\" a); echo kept' & wait; sleep 30";

        var run = await shell.RunAsync(Allocate, SandboxShell.Roomy with { MemoryBytes = 128L << 20 });

        Assert.Equal(SandboxLimit.Memory, run.Exit.ExceededLimit);
        Assert.DoesNotContain("kept", run.Output);
        Assert.True(run.Exit.Duration < TimeSpan.FromSeconds(15), $"stopped after {run.Exit.Duration}");
        output.WriteLine($"{mechanism}: stopped after {run.Exit.Duration.TotalMilliseconds:0} ms, peak {run.Exit.Usage.PeakMemoryBytes >> 20} MiB");
    }

    [Theory]
    [MemberData(nameof(Mechanisms))]
    public async Task CpuBurntInChildren_CountsAgainstTheCpuLimit(string mechanism)
    {
        using var shell = new SandboxShell(mechanism);
        // Two detached busy loops; the main process only waits (the old monitor saw ~0 CPU here).
        const string Burn = "setsid sh -c 'while :; do :; done' & setsid sh -c 'while :; do :; done' & sleep 30";

        var run = await shell.RunAsync(Burn, SandboxShell.Roomy with { CpuTime = TimeSpan.FromSeconds(1) });

        Assert.Equal(SandboxLimit.CpuTime, run.Exit.ExceededLimit);
        Assert.True(run.Exit.Usage.CpuTime >= TimeSpan.FromSeconds(1), $"CPU {run.Exit.Usage.CpuTime}");
        Assert.True(run.Exit.Duration < TimeSpan.FromSeconds(15), $"stopped after {run.Exit.Duration}");
    }

    [Fact]
    public async Task WallTime_StillLimitsASleepingTree()
    {
        using var shell = new SandboxShell();

        var run = await shell.RunAsync("sleep 30", SandboxShell.Roomy with { WallTime = TimeSpan.FromSeconds(1) });

        Assert.Equal(SandboxLimit.WallTime, run.Exit.ExceededLimit);
        Assert.InRange(run.Exit.Duration, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task StartAsync_BadLimitsOrRelativeProgram_ThrowsClearly()
    {
        using var shell = new SandboxShell();
        var directory = shell.Launcher.CreateRunDirectory();

        var limits = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => shell.Launcher.StartAsync(
            new SandboxCommand("/bin/true", [], directory, SandboxShell.Roomy with { MaxProcesses = 0 }), CancellationToken.None));
        var relative = await Assert.ThrowsAsync<ArgumentException>(() => shell.Launcher.StartAsync(
            new SandboxCommand("true", [], directory, SandboxShell.Roomy), CancellationToken.None));
        var foreign = await Assert.ThrowsAsync<ArgumentException>(() => shell.Launcher.StartAsync(
            new SandboxCommand("/bin/true", [], shell.Data.Path, SandboxShell.Roomy), CancellationToken.None));

        Assert.Equal("MaxProcesses", limits.ParamName);
        Assert.Contains("absolute path", relative.Message);
        Assert.Contains("not a run folder", foreign.Message);
    }
}
