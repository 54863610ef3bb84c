using System.Globalization;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// The process table as <c>/proc</c> shows it (proc(5)): a tree's CPU time and resident memory where there are no
/// cgroups (rlimits mode), processes by uid (per-run uids), and process start times (to tell a live owner from a
/// reused pid).
/// </summary>
internal static class SandboxProcessTree
{
    private const long TicksPerSecond = 100; // USER_HZ: the unit of the times in /proc/<pid>/stat on Linux
    private const long PageBytes = 4096;

    private readonly record struct Stat(int Pid, int ParentPid, long CpuTicks, long ResidentPages, long StartTicks, int Threads);

    /// <summary>CPU time (own + waited-for children) and resident memory summed over <paramref name="rootPid"/> and
    /// all its descendants, and how many tasks (threads, what <c>RLIMIT_NPROC</c> counts) they have.</summary>
    public static (TimeSpan CpuTime, long ResidentBytes, int Tasks) Measure(int rootPid)
    {
        var stats = All().ToDictionary(s => s.Pid);
        var children = stats.Values.ToLookup(s => s.ParentPid, s => s.Pid);
        long ticks = 0, pages = 0;
        var count = 0;
        var pending = new Stack<int>([rootPid]);
        while (pending.TryPop(out var pid))
        {
            if (!stats.TryGetValue(pid, out var stat)) continue;
            ticks += stat.CpuTicks;
            pages += stat.ResidentPages;
            count += stat.Threads;
            foreach (var child in children[pid]) pending.Push(child);
        }
        return (TimeSpan.FromSeconds((double)ticks / TicksPerSecond), pages * PageBytes, count);
    }

    /// <summary>The start time of <paramref name="pid"/> in clock ticks after boot (field 22 of its stat), or null
    /// when there is no such process.</summary>
    public static long? StartTicksOf(int pid) => Read(pid) is { } stat ? stat.StartTicks : null;

    /// <summary>The real uids of every process now.</summary>
    public static HashSet<int> LiveUids() => [.. ProcessesByUid().Select(p => p.Uid)];

    /// <summary>SIGKILLs every process whose real uid is <paramref name="uid"/> (a per-run uid) until none is left.</summary>
    public static void KillUid(int uid)
    {
        for (var round = 0; round < 100; round++)
        {
            var pids = ProcessesByUid().Where(p => p.Uid == uid).Select(p => p.Pid).ToList();
            if (pids.Count == 0) return;
            foreach (var pid in pids) SandboxNative.Kill(pid);
            Thread.Sleep(5);
        }
    }

    private static IEnumerable<(int Pid, int Uid)> ProcessesByUid()
    {
        foreach (var pid in Pids())
        {
            int? uid = null;
            try
            {
                foreach (var line in File.ReadLines($"/proc/{pid}/status"))
                {
                    if (!line.StartsWith("Uid:", StringComparison.Ordinal)) continue;
                    uid = int.Parse(line.Split('\t', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
                    break;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // exited meanwhile
            }
            if (uid is { } id) yield return (pid, id);
        }
    }

    private static IEnumerable<Stat> All()
    {
        foreach (var pid in Pids())
            if (Read(pid) is { } stat) yield return stat;
    }

    private static IEnumerable<int> Pids()
    {
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
            if (int.TryParse(Path.GetFileName(directory), CultureInfo.InvariantCulture, out var pid)) yield return pid;
    }

    private static Stat? Read(int pid)
    {
        string text;
        try
        {
            text = File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
        // "pid (comm) state ppid …": comm may hold spaces and parentheses, so split after the last ')'.
        var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
        long Field(int number) => long.Parse(fields[number - 3], CultureInfo.InvariantCulture); // proc(5) numbering
        return new Stat(pid, (int)Field(4), Field(14) + Field(15) + Field(16) + Field(17), Field(24), Field(22), (int)Field(20));
    }
}
