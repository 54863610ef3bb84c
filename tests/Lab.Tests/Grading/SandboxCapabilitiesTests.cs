using System.Text.Json;
using Workbench.Lab.Grading.Sandbox;

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
