using System.Net;
using System.Net.Sockets;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Findings 3 and 4 of issue 10, containment: what one sandbox can reach. The old runner (<c>unshare --net --mount</c>,
/// then user nobody) shared the PID namespace, <c>/tmp</c>, <c>/dev/shm</c> and <c>/etc</c> with the host and with
/// every other grading, so each of these attacks succeeded there (recorded per test).
/// </summary>
public sealed class SandboxContainmentTests
{
    [Fact]
    public async Task DetachedChild_IsGoneWhenTheRunEnds()
    {
        using var shell = new SandboxShell();
        var marker = $"{600 + Random.Shared.Next(1000)}.{Random.Shared.Next(1_000_000)}";
        // Old runner: the child was re-parented to the host's PID 1 and slept on after the grading.
        var run = await shell.RunAsync($"setsid sleep {marker} > /dev/null 2>&1 < /dev/null & echo started");

        Assert.Equal(0, run.Exit.ExitCode);
        Assert.Equal("started", run.Output.Trim());
        Assert.Empty(SandboxShell.HostProcessesWith("sleep " + marker));
    }

    [Fact]
    public async Task KillMinusOne_DoesNotReachAConcurrentSandbox()
    {
        using var shell = new SandboxShell();
        using var victim = await shell.StartAsync("sleep 30");

        // Old runner: both ran as nobody in the host's PID namespace, so kill(-1, 9) killed the other grading.
        var attacker = await shell.RunAsync("sleep 0.5; kill -9 -1; echo sent");

        Assert.Contains("sent", attacker.Output);
        await Task.Delay(300);
        Assert.False(victim.Process.HasExited, "the concurrent sandbox was killed");
        victim.Kill();
    }

    [Fact]
    public async Task TmpAndDevShm_AreFreshPerRunAndNotOnTheHost()
    {
        using var shell = new SandboxShell();
        var name = "wb-leak-" + Guid.NewGuid().ToString("N");

        // Old runner: the files landed in the host's /tmp and /dev/shm, and the next submission read them.
        var write = await shell.RunAsync($"echo secret > /tmp/{name} && echo secret > /dev/shm/{name} && cat /tmp/{name} /dev/shm/{name}");
        var read = await shell.RunAsync($"cat /tmp/{name}; cat /dev/shm/{name}; ls -A /tmp /dev/shm");

        Assert.Equal("secret\nsecret\n", write.Output);
        Assert.DoesNotContain("secret", read.Output);
        Assert.DoesNotContain(name, read.Output);
        Assert.False(File.Exists(Path.Combine("/tmp", name)));
        Assert.False(File.Exists(Path.Combine("/dev/shm", name)));
    }

    [Fact]
    public async Task HostFiles_PasswdDataContentAndModels_AreNotReadable()
    {
        using var shell = new SandboxShell();
        var secret = Path.Combine(shell.Data.Path, "workbench.db");
        await File.WriteAllTextAsync(secret, "password-hash");
        var lab01 = Directory.GetFiles(RealLabs.ContentDirectory, "*", SearchOption.AllDirectories)[0];
        Assert.True(File.Exists(TestModels.Stories260K));

        // Old runner: /etc/passwd, the models and the repository were readable; data and content hid behind tmpfs.
        var run = await shell.RunAsync(
            $"for f in /etc/passwd '{secret}' '{lab01}' '{TestModels.Stories260K}'; do head -c 16 \"$f\" > /dev/null 2>&1 && echo \"read $f\"; done; " +
            $"ls '{RealLabs.ContentDirectory}' '{TestModels.ModelsDirectory}' '{TestModels.RepoRoot}/src' 2>/dev/null; echo end");

        Assert.Equal("end", run.Output.Trim());
    }

    [Fact]
    public async Task Network_TcpToTheHostsLoopbackAndOutsideFails()
    {
        using var shell = new SandboxShell();
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        // Kept from the old runner (its network namespace already had no interface): bash's /dev/tcp must fail.
        var run = await shell.RunAsync(
            $"echo hi > /dev/tcp/127.0.0.1/{port} && echo connected; echo hi > /dev/tcp/192.0.2.1/80 && echo out; echo end", program: "/bin/bash");

        Assert.Equal("end", run.Output.Trim());
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task Identity_RunsAsNobodyInsideWithoutCapabilitiesAndACleanEnvironment()
    {
        using var shell = new SandboxShell();
        Environment.SetEnvironmentVariable("WB_TEST_SECRET", "s3cret");

        var run = await shell.RunAsync("id -u; grep CapEff /proc/self/status; env; ls /proc | grep -c '^[0-9]'");

        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("65534", lines[0]);
        Assert.Equal("CapEff:\t0000000000000000", lines[1]);
        Assert.DoesNotContain("s3cret", run.Output);
        Assert.InRange(int.Parse(lines[^1]), 1, 4); // a fresh /proc: bwrap's init, the shell, ls, grep
    }
}
