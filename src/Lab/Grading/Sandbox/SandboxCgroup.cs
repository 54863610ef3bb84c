using System.Globalization;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// One sandbox's cgroup: <c>workbench-sandbox/&lt;run&gt;</c> under the <c>pids</c>, <c>memory</c> and
/// <c>cpuacct</c> hierarchies (cgroup v1) or under the unified hierarchy (v2). The launcher's shell writes its own
/// pid into <see cref="ProcsFiles"/> before it becomes bubblewrap, so every process of the tree is in it from the
/// first fork; the counters then cover the whole tree. Made by <see cref="SandboxCgroupHierarchy.Create"/>.
/// </summary>
internal sealed class SandboxCgroup : IDisposable
{
    private readonly bool _v2;
    private readonly string[] _directories; // v1: pids, memory, cpuacct; v2: one
    private long _peak;

    internal SandboxCgroup(bool v2, string[] directories)
    {
        _v2 = v2;
        _directories = directories;
    }

    /// <summary>The <c>cgroup.procs</c> files a process writes its pid into to join (one per hierarchy).</summary>
    public IReadOnlyList<string> ProcsFiles => _directories.Select(d => Path.Combine(d, "cgroup.procs")).ToArray();

    /// <summary>Sets the limits: <c>pids.max</c>; <c>memory.limit_in_bytes</c> and <c>memory.memsw.limit_in_bytes</c>
    /// (v1) or <c>memory.max</c> and <c>memory.swap.max</c> = 0 (v2). CPU time is watched, not throttled.</summary>
    internal void Limit(SandboxTreeLimits limits)
    {
        var bytes = limits.MemoryBytes.ToString(CultureInfo.InvariantCulture);
        Write(_directories[0], "pids.max", limits.MaxProcesses.ToString(CultureInfo.InvariantCulture));
        if (_v2)
        {
            Write(_directories[0], "memory.max", bytes);
            TryWrite(_directories[0], "memory.swap.max", "0");
            return;
        }
        Write(_directories[1], "memory.limit_in_bytes", bytes);
        TryWrite(_directories[1], "memory.memsw.limit_in_bytes", bytes); // absent without swap accounting
    }

    /// <summary>The tree's counters now.</summary>
    public SandboxTreeUsage Read()
    {
        var pids = _directories[0];
        var memory = _v2 ? pids : _directories[1];
        var cpu = _v2
            ? TimeSpan.FromMicroseconds(Field(pids, "cpu.stat", "usage_usec"))
            : TimeSpan.FromTicks(Number(_directories[2], "cpuacct.usage") / 100); // nanoseconds
        var current = Number(memory, _v2 ? "memory.current" : "memory.usage_in_bytes");
        var peak = Number(memory, _v2 ? "memory.peak" : "memory.max_usage_in_bytes");
        _peak = Math.Max(_peak, Math.Max(current, peak));
        var oomKills = Field(memory, _v2 ? "memory.events" : "memory.oom_control", "oom_kill");
        var forkFailures = Field(pids, "pids.events", "max");
        return new SandboxTreeUsage(cpu, current, _peak, (int)Number(pids, "pids.current"), oomKills > 0, forkFailures > 0);
    }

    /// <summary>SIGKILLs every process in the cgroup until it is empty (new forks race the first sweep; a few rounds
    /// end them, as the process limit caps how many there can be).</summary>
    public void KillAll() => SandboxCgroupHierarchy.KillAll(_directories[0], _v2);

    /// <summary>Kills what is left and removes the cgroup.</summary>
    public void Dispose()
    {
        KillAll();
        foreach (var directory in _directories) SandboxCgroupHierarchy.RemoveDirectory(directory);
    }

    private static void Write(string directory, string file, string value) => File.WriteAllText(Path.Combine(directory, file), value);

    private static void TryWrite(string directory, string file, string value)
    {
        try
        {
            if (File.Exists(Path.Combine(directory, file))) Write(directory, file, value);
        }
        catch (IOException)
        {
            // optional knob (no swap accounting)
        }
    }

    private static long Number(string directory, string file)
    {
        try
        {
            var text = File.ReadAllText(Path.Combine(directory, file)).Trim();
            return long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return 0; // file absent on this kernel, or the cgroup is being removed
        }
    }

    /// <summary>The value of the line <c>key value</c> in a flat-keyed cgroup file; 0 when absent.</summary>
    private static long Field(string directory, string file, string key)
    {
        try
        {
            foreach (var line in File.ReadLines(Path.Combine(directory, file)))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 2 && parts[0] == key && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var value)) return value;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return 0;
    }
}

/// <summary>What a sandbox's whole process tree has used, as last measured.</summary>
/// <param name="CpuTime">CPU time (user + system) of every process of the tree, living or ended.</param>
/// <param name="MemoryBytes">Memory charged to the tree now, in bytes.</param>
/// <param name="PeakMemoryBytes">The highest memory charge seen, in bytes.</param>
/// <param name="Processes">Processes and threads alive now.</param>
/// <param name="OutOfMemory">The kernel killed a process of the tree at the memory limit.</param>
/// <param name="ProcessLimitHit">A fork or thread creation failed at the process limit.</param>
public readonly record struct SandboxTreeUsage(TimeSpan CpuTime, long MemoryBytes, long PeakMemoryBytes, int Processes, bool OutOfMemory, bool ProcessLimitHit);
