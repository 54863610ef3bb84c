using System.Text.Json;
using Workbench.Lab.Grading.Sandbox;
using Workbench.Lab;

namespace Workbench.Lab.Tests.Grading;

/// <summary>What the sandbox says about itself (the <c>/healthz</c> record), against what the host really has.</summary>
public sealed class SandboxCapabilitiesTests
{
    [Fact]
    public void Describe_ThisHost_NamesBubblewrapAndTheLimitMechanismTheHostHas()
    {
        var described = SandboxShell.HostCapabilities.Describe();

        // What /sys/fs/cgroup offers a root process here (v1 hybrid on the project's machines).
        var expected = !Environment.IsPrivilegedProcess ? "rlimits"
            : File.Exists("/sys/fs/cgroup/cgroup.controllers") ? "cgroup-v2"
            : File.Exists("/sys/fs/cgroup/pids/cgroup.procs") && File.Exists("/sys/fs/cgroup/memory/cgroup.procs") ? "cgroup-v1"
            : "rlimits";
        Assert.Equal(new SandboxIsolationDescription("bwrap", expected, PidNamespace: true, PrivateTmp: true, Network: false,
            PerRunUid: Environment.IsPrivilegedProcess, Unavailable: null), described);
        Assert.Equal(
            $$"""{"isolation":"bwrap","limits":"{{expected}}","pid_namespace":true,"private_tmp":true,"network":false,"per_run_uid":{{(Environment.IsPrivilegedProcess ? "true" : "false")}},"unavailable":null}""",
            JsonSerializer.Serialize(described, JsonSerializerOptions.Web));
    }

    [Fact]
    public void WithRlimits_SaysRlimitsAndHasNoCgroups()
    {
        var rlimits = SandboxShell.HostCapabilities.WithRlimits();

        Assert.Equal(SandboxLimitMechanism.Rlimits, rlimits.Limits);
        Assert.Equal("rlimits", rlimits.Describe().Limits);
        Assert.Null(rlimits.Cgroups);
    }
}

/// <summary>Where run folders go when the data directory is private (the web tests' <c>mktemp -d</c> folders).</summary>
public sealed class SandboxRunRootTests
{
    [Fact]
    public async Task StartAsync_DataDirectoryNotSearchableByOthers_RunsFromATempRunRoot()
    {
        var data = Directory.CreateTempSubdirectory("wb-private-data-"); // 0700: a per-run uid cannot pass it
        try
        {
            var launcher = new SandboxLauncher(SandboxShell.HostCapabilities,
                Microsoft.Extensions.Options.Options.Create(new LabOptions { DataDirectory = data.FullName }),
                Microsoft.Extensions.Logging.Abstractions.NullLogger<SandboxLauncher>.Instance);
            var directory = launcher.CreateRunDirectory();
            using var sandbox = await launcher.StartAsync(new SandboxCommand("/bin/sh", ["-c", "echo ok > file; cat file"], directory, SandboxShell.Roomy), CancellationToken.None);
            sandbox.Process.StandardInput.Close();
            var error = sandbox.Process.StandardError.ReadToEndAsync();

            var exit = await sandbox.WaitForExitAsync(CancellationToken.None);

            Assert.True(exit.ExitCode == 0, await error);
            Assert.Equal("ok", (await sandbox.Process.StandardOutput.ReadToEndAsync()).Trim());
            if (Environment.IsPrivilegedProcess) Assert.False(launcher.RunRoot.StartsWith(data.FullName, StringComparison.Ordinal), launcher.RunRoot);
            launcher.DeleteRunDirectory(directory);
            Assert.False(Directory.Exists(directory));
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }
}
