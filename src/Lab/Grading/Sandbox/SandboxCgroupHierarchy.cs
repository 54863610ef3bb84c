using System.Globalization;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Where the sandboxes' cgroups go: <c>/sys/fs/cgroup/{pids,memory,cpuacct}/workbench-sandbox/</c> (cgroup v1, the
/// hybrid layout) or <c>/sys/fs/cgroup/workbench-sandbox/</c> with the <c>pids memory cpu</c> controllers enabled
/// for its children (v2). Found by <see cref="Detect"/>, which also proves it can create and remove a child; null
/// where the host does not let this process manage cgroups (not root, or the controllers are missing).
/// </summary>
internal sealed class SandboxCgroupHierarchy
{
    /// <summary>The folder holding every sandbox cgroup of this host.</summary>
    public const string ParentName = "workbench-sandbox";

    private const string Root = "/sys/fs/cgroup";
    private static readonly string[] V1Controllers = ["pids", "memory", "cpuacct"];

    private readonly string[] _parents;

    private SandboxCgroupHierarchy(bool v2, string[] parents)
    {
        IsV2 = v2;
        _parents = parents;
    }

    /// <summary>Whether this is the unified (v2) hierarchy.</summary>
    public bool IsV2 { get; }

    /// <summary>The usable hierarchy (v2 preferred), or null with why not.</summary>
    public static SandboxCgroupHierarchy? Detect(out string reason)
    {
        reason = "";
        if (!Environment.IsPrivilegedProcess)
        {
            reason = "not root: cgroups are not managed";
            return null;
        }
        var v2Why = "";
        var v1Why = "";
        foreach (var candidate in new[] { TryV2(out v2Why), TryV1(out v1Why) })
        {
            if (candidate is null) continue;
            var probe = "probe-" + Guid.NewGuid().ToString("N");
            try
            {
                candidate.Create(probe, new SandboxTreeLimits(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 64L << 20, 8)).Dispose();
                return candidate;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                if (candidate.IsV2) v2Why = e.Message;
                else v1Why = e.Message;
            }
        }
        reason = $"no usable cgroup hierarchy (v2: {v2Why}; v1: {v1Why})";
        return null;
    }

    /// <summary>Creates <c>workbench-sandbox/&lt;name&gt;</c> with <paramref name="limits"/> set.</summary>
    /// <exception cref="IOException">The kernel refused (the message says which file).</exception>
    public SandboxCgroup Create(string name, SandboxTreeLimits limits)
    {
        var directories = _parents.Select(p => Path.Combine(p, name)).ToArray();
        foreach (var directory in directories) Directory.CreateDirectory(directory);
        var cgroup = new SandboxCgroup(IsV2, directories);
        try
        {
            cgroup.Limit(limits);
            return cgroup;
        }
        catch
        {
            cgroup.Dispose();
            throw;
        }
    }

    /// <summary>The names of the sandbox cgroups that exist now (of every web process on this host).</summary>
    public IReadOnlyList<string> Names() => Directory.Exists(_parents[0])
        ? Directory.GetDirectories(_parents[0]).Select(d => Path.GetFileName(d)!).ToArray()
        : [];

    /// <summary>Kills every process in cgroup <paramref name="name"/> and removes it.</summary>
    public void Remove(string name) => new SandboxCgroup(IsV2, _parents.Select(p => Path.Combine(p, name)).ToArray()).Dispose();

    internal static void KillAll(string directory, bool v2)
    {
        var procs = Path.Combine(directory, "cgroup.procs");
        if (v2 && File.Exists(Path.Combine(directory, "cgroup.kill")))
        {
            try { File.WriteAllText(Path.Combine(directory, "cgroup.kill"), "1"); }
            catch (IOException) { }
        }
        for (var round = 0; round < 200; round++)
        {
            string[] pids;
            try { pids = File.ReadAllLines(procs); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return; } // gone
            if (pids.Length == 0) return;
            foreach (var pid in pids)
                if (int.TryParse(pid, CultureInfo.InvariantCulture, out var id)) SandboxNative.Kill(id);
            Thread.Sleep(5);
        }
    }

    internal static void RemoveDirectory(string directory)
    {
        for (var attempt = 0; attempt < 100 && Directory.Exists(directory); attempt++)
        {
            try
            {
                Directory.Delete(directory); // rmdir: a cgroup's files are not real files
                return;
            }
            catch (IOException)
            {
                Thread.Sleep(10); // busy while the last killed process is being reaped
            }
        }
    }

    private static SandboxCgroupHierarchy? TryV2(out string reason)
    {
        reason = "";
        var controllers = Path.Combine(Root, "cgroup.controllers");
        if (!File.Exists(controllers) || File.Exists(Path.Combine(Root, "memory", "memory.limit_in_bytes")))
        {
            reason = "/sys/fs/cgroup is not the unified hierarchy";
            return null;
        }
        var available = File.ReadAllText(controllers).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (new[] { "pids", "memory", "cpu" }.FirstOrDefault(c => !available.Contains(c)) is { } missing)
        {
            reason = $"controller '{missing}' not available";
            return null;
        }
        try
        {
            var parent = Path.Combine(Root, ParentName);
            File.WriteAllText(Path.Combine(Root, "cgroup.subtree_control"), "+pids +memory +cpu");
            Directory.CreateDirectory(parent);
            File.WriteAllText(Path.Combine(parent, "cgroup.subtree_control"), "+pids +memory +cpu");
            return new SandboxCgroupHierarchy(v2: true, [parent]);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return null;
        }
    }

    private static SandboxCgroupHierarchy? TryV1(out string reason)
    {
        reason = "";
        if (V1Controllers.FirstOrDefault(c => !File.Exists(Path.Combine(Root, c, "cgroup.procs"))) is { } missing)
        {
            reason = $"no cgroup v1 '{missing}' hierarchy at {Root}/{missing}";
            return null;
        }
        try
        {
            var parents = V1Controllers.Select(c => Path.Combine(Root, c, ParentName)).ToArray();
            foreach (var parent in parents) Directory.CreateDirectory(parent);
            return new SandboxCgroupHierarchy(v2: false, parents);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            reason = e.Message;
            return null;
        }
    }
}
