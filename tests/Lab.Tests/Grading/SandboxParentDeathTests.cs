using System.Diagnostics;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Finding 3 of issue 10, the web process dies: <c>kill -9</c> of the parent mid-run. The old runner's sandbox ran
/// on with no limits (nothing watched it any more) and its run folder stayed behind. Now the tree dies with the
/// parent (<c>--die-with-parent</c>, forked from a thread that never exits) and the next start's janitor removes the
/// folder and the cgroup.
/// </summary>
public sealed class SandboxParentDeathTests
{
    [Fact]
    public async Task KillMinus9OfTheParent_LeavesNoProcessAndAfterTheNextStartNoRunFolderOrCgroup()
    {
        using var data = new TempDirectory();
        var marker = $"{700 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000)}";
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "Workbench.Lab.Tests"), ["sandbox-parent", data.Path, marker])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var parent = Process.Start(info)!;
        string runDirectory;
        try
        {
            var line = await parent.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(60)) ?? "";
            Assert.StartsWith("ready ", line); // also: it survived the exit of the thread that started it
            runDirectory = line["ready ".Length..];
            Assert.NotEmpty(SandboxShell.HostProcessesWith("sleep " + marker));
        }
        finally
        {
            parent.Kill(); // SIGKILL, also when an assertion above failed
            await parent.WaitForExitAsync();
        }

        var clock = Stopwatch.StartNew();
        while (SandboxShell.HostProcessesWith("sleep " + marker).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(5)) await Task.Delay(50);
        Assert.Empty(SandboxShell.HostProcessesWith("sleep " + marker));
        Assert.True(Directory.Exists(runDirectory)); // the dead parent could not clean up

        using var next = new SandboxShell(data: data); // a new web process starts: its janitor sweeps

        Assert.False(Directory.Exists(runDirectory));
        var cgroup = $"/sys/fs/cgroup/pids/{SandboxCgroupHierarchy.ParentName}/{Path.GetFileName(runDirectory)}-c1";
        Assert.False(Directory.Exists(cgroup), cgroup);
        Assert.False(Directory.Exists($"/sys/fs/cgroup/{SandboxCgroupHierarchy.ParentName}/{Path.GetFileName(runDirectory)}-c1"));
    }

    [Fact]
    public async Task StartAsync_FromAThreadThatExits_KeepsTheSandboxRunning()
    {
        using var shell = new SandboxShell();
        var directory = shell.Launcher.CreateRunDirectory();
        SandboxProcess? sandbox = null;
        // PR_SET_PDEATHSIG fires when the forking thread exits: a sandbox forked from this thread would die with it.
        var starter = new Thread(() => sandbox = shell.Launcher.StartAsync(
            new SandboxCommand("/bin/sh", ["-c", "sleep 1; echo alive"], directory, SandboxShell.Roomy), CancellationToken.None).GetAwaiter().GetResult());
        starter.Start();
        starter.Join();
        using var running = sandbox!;
        running.Process.StandardInput.Close();

        var exit = await running.WaitForExitAsync(CancellationToken.None);

        Assert.Equal(0, exit.ExitCode);
        Assert.Equal("alive", (await running.Process.StandardOutput.ReadToEndAsync()).Trim());
    }

    [Fact]
    public void IsOrphan_OnlyRunsOfGoneOwnersAreSwept()
    {
        var self = Environment.ProcessId;
        var start = SandboxProcessTree.StartTicksOf(self)!.Value;
        var guid = Guid.NewGuid().ToString("N");

        Assert.False(SandboxJanitor.IsOrphan(SandboxLauncher.OwnerPrefix(self, start) + guid + "-u1500001-c1"));
        Assert.True(SandboxJanitor.IsOrphan(SandboxLauncher.OwnerPrefix(self, start + 1) + guid)); // pid reused by another process
        Assert.True(SandboxJanitor.IsOrphan(SandboxLauncher.OwnerPrefix(int.MaxValue, 1) + guid));
        Assert.False(SandboxJanitor.IsOrphan(guid)); // not named by a launcher: never touched
    }
}
