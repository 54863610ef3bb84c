using System.Diagnostics;
using System.Text.Json.Serialization;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>How the limits of a sandbox's whole process tree are enforced.</summary>
public enum SandboxLimitMechanism
{
    /// <summary>A cgroup v2 per run (<c>pids.max</c>, <c>memory.max</c>, <c>cpu.stat</c>).</summary>
    CgroupV2,

    /// <summary>A cgroup per run in the v1 <c>pids</c>, <c>memory</c> and <c>cpuacct</c> hierarchies.</summary>
    CgroupV1,

    /// <summary>No cgroups: <c>RLIMIT_NPROC</c> (with a per-run uid), <c>RLIMIT_CPU</c> and <c>RLIMIT_AS</c> per process,
    /// and the tree's resident memory and CPU summed from <c>/proc</c> by the monitor.</summary>
    Rlimits,
}

/// <summary>
/// What the grading sandbox can do on this host, detected once at start-up (registered as a singleton): whether
/// bubblewrap works here (proved by running <c>/usr/bin/true</c> through the real launch chain), which limit
/// mechanism is in force, and whether each run gets its own uid. <see cref="Describe"/> is what <c>/healthz</c> shows.
/// </summary>
public sealed class SandboxCapabilities
{
    private SandboxCapabilities(string? bwrap, string? setpriv, string? prlimit, SandboxCgroupHierarchy? cgroups, SandboxLimitMechanism limits, string? unavailable)
    {
        BubblewrapPath = bwrap;
        SetprivPath = setpriv;
        PrlimitPath = prlimit;
        Cgroups = cgroups;
        Limits = limits;
        UnavailableReason = unavailable;
    }

    /// <summary>Whether sandboxes can be started; when false, <see cref="UnavailableReason"/> says why and how to fix it.</summary>
    public bool IsAvailable => UnavailableReason is null;

    /// <summary>Why no sandbox can be started here, or null.</summary>
    public string? UnavailableReason { get; }

    /// <summary>The limit mechanism in force.</summary>
    public SandboxLimitMechanism Limits { get; }

    /// <summary>Whether each run gets its own uid (the web process is root); otherwise runs keep the current uid.</summary>
    public bool PerRunUid => Environment.IsPrivilegedProcess;

    /// <summary>Path of <c>bwrap</c>, or null when it is not installed.</summary>
    public string? BubblewrapPath { get; }

    internal string? SetprivPath { get; }

    internal string? PrlimitPath { get; }

    /// <summary>Path of <c>unshare</c> (util-linux), for read-only folders the run's uid cannot reach
    /// (<see cref="BubblewrapCommand"/>); null when absent.</summary>
    internal string? UnsharePath { get; } = Find("unshare");

    internal SandboxCgroupHierarchy? Cgroups { get; }

    /// <summary>Detects the host's tools, cgroups and user namespaces and proves the launch chain once.</summary>
    public static SandboxCapabilities Detect()
    {
        if (!OperatingSystem.IsLinux()) return Unavailable("The sandbox needs Linux (bubblewrap, namespaces, /proc).");
        var bwrap = Find("bwrap");
        var setpriv = Find("setpriv");
        var prlimit = Find("prlimit");
        if (bwrap is null) return Unavailable("bubblewrap is not installed: apt-get install -y bubblewrap. Code is never run unsandboxed.");
        if (Environment.IsPrivilegedProcess && setpriv is null) return Unavailable("setpriv (util-linux) is missing: the sandbox cannot drop root.");
        var cgroups = SandboxCgroupHierarchy.Detect(out _);
        var limits = cgroups is null ? SandboxLimitMechanism.Rlimits : cgroups.IsV2 ? SandboxLimitMechanism.CgroupV2 : SandboxLimitMechanism.CgroupV1;
        if (limits == SandboxLimitMechanism.Rlimits && prlimit is null) return Unavailable("prlimit (util-linux) is missing and cgroups are not usable: no limits can be set.");
        var capabilities = new SandboxCapabilities(bwrap, setpriv, prlimit, cgroups, limits, null);
        return capabilities.Probe() is { } failure
            ? new SandboxCapabilities(bwrap, setpriv, prlimit, cgroups, limits, failure)
            : capabilities;
    }

    /// <summary>The same host with the rlimits fallback in force instead of cgroups (for hosts, and tests, that
    /// must not use them).</summary>
    public SandboxCapabilities WithRlimits() =>
        new(BubblewrapPath, SetprivPath, PrlimitPath, null, SandboxLimitMechanism.Rlimits,
            UnavailableReason ?? (PrlimitPath is null ? "prlimit (util-linux) is missing: no rlimits can be set." : null));

    /// <summary>A small JSON-able summary for health endpoints.</summary>
    public SandboxIsolationDescription Describe() => new(
        IsAvailable ? "bwrap" : "none",
        Limits switch { SandboxLimitMechanism.CgroupV2 => "cgroup-v2", SandboxLimitMechanism.CgroupV1 => "cgroup-v1", _ => "rlimits" },
        PidNamespace: IsAvailable, PrivateTmp: IsAvailable, Network: !IsAvailable, PerRunUid, UnavailableReason);

    private static SandboxCapabilities Unavailable(string reason) => new(null, null, null, null, SandboxLimitMechanism.Rlimits, reason);

    private static string? Find(string name) =>
        new[] { "/usr/bin", "/bin", "/usr/sbin", "/sbin", "/usr/local/bin" }.Select(d => Path.Combine(d, name)).FirstOrDefault(File.Exists);

    /// <summary>Runs <c>/usr/bin/true</c> through the whole chain; null when it worked, else bwrap's complaint.</summary>
    private string? Probe()
    {
        var directory = Directory.CreateTempSubdirectory("wb-sandbox-probe-").FullName;
        var uid = PerRunUid ? SandboxUids.Allocate() : (int?)null;
        var cgroup = Cgroups?.Create("probe-" + Guid.NewGuid().ToString("N"), new SandboxTreeLimits(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 64L << 20, 16));
        try
        {
            if (uid is { } id) SandboxNative.Chown(directory, id, id);
            var command = new SandboxCommand("/usr/bin/true", [], directory, new SandboxTreeLimits(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5), 64L << 20, 16))
            {
                ReadOnlyPaths = [AppContext.BaseDirectory], // where the sandbox executable lies: the run's uid must reach it
            };
            using var process = Process.Start(BubblewrapCommand.Create(command, this, cgroup, uid))!;
            process.StandardInput.Close();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(10_000))
            {
                process.Kill();
                return "The sandbox probe (bwrap … /usr/bin/true) did not finish in 10 s.";
            }
            return process.ExitCode == 0 ? null
                : $"bubblewrap cannot start a sandbox here (exit {process.ExitCode}: {error.Result.Trim()}). It needs user namespaces " +
                  "(sysctl kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0), and as root every folder above the app " +
                  "must be searchable by other users (o+x), as bwrap runs as the run's own uid. Code is never run unsandboxed.";
        }
        catch (Exception e) when (e is IOException or System.ComponentModel.Win32Exception)
        {
            return "The sandbox probe failed: " + e.Message;
        }
        finally
        {
            cgroup?.Dispose();
            if (uid is { } id) SandboxUids.Release(id);
            Directory.Delete(directory, recursive: true);
        }
    }
}

/// <summary>The sandbox as <c>/healthz</c> reports it (snake_case names).</summary>
/// <param name="Isolation"><c>bwrap</c>, or <c>none</c> when no sandbox can start (gradings then fail, never run unsandboxed).</param>
/// <param name="Limits"><c>cgroup-v2</c>, <c>cgroup-v1</c> or <c>rlimits</c>: how the whole tree's limits are enforced.</param>
/// <param name="PidNamespace">Each sandbox has its own PID namespace (<c>kill(-1)</c> reaches only itself).</param>
/// <param name="PrivateTmp">Each sandbox has its own empty <c>/tmp</c> and <c>/dev/shm</c>.</param>
/// <param name="Network">Whether sandboxed code has network (false: only the gateway's Unix socket).</param>
/// <param name="PerRunUid">Each run has its own uid outside the sandbox.</param>
/// <param name="Unavailable">Why no sandbox can start, or null.</param>
public sealed record SandboxIsolationDescription(
    [property: JsonPropertyName("isolation")] string Isolation,
    [property: JsonPropertyName("limits")] string Limits,
    [property: JsonPropertyName("pid_namespace")] bool PidNamespace,
    [property: JsonPropertyName("private_tmp")] bool PrivateTmp,
    [property: JsonPropertyName("network")] bool Network,
    [property: JsonPropertyName("per_run_uid")] bool PerRunUid,
    [property: JsonPropertyName("unavailable")] string? Unavailable);
