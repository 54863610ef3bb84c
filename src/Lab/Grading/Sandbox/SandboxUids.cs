namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Per-run uids (as root): each sandbox runs as its own uid from <see cref="First"/> … <see cref="First"/> +
/// <see cref="Count"/> − 1, a range with no <c>/etc/passwd</c> entries, drawn at random and skipped while any process
/// on the host has it (so two web processes on one host do not collide). <c>RLIMIT_NPROC</c> then counts one run's
/// processes only, and no run can signal or read another's.
/// </summary>
internal static class SandboxUids
{
    /// <summary>The first uid of the range.</summary>
    public const int First = 1_500_000;

    /// <summary>How many uids the range has.</summary>
    public const int Count = 1_000_000;

    private static readonly HashSet<int> InUse = [];

    /// <summary>Whether <paramref name="uid"/> lies in the range.</summary>
    public static bool IsSandboxUid(int uid) => uid is >= First and < First + Count;

    /// <summary>A uid no current run and no live process has.</summary>
    public static int Allocate()
    {
        var live = SandboxProcessTree.LiveUids();
        lock (InUse)
        {
            while (true)
            {
                var uid = First + Random.Shared.Next(Count);
                if (!live.Contains(uid) && InUse.Add(uid)) return uid;
            }
        }
    }

    /// <summary>Whether <paramref name="uid"/> is held by a run folder (allocated and not yet released).</summary>
    internal static bool IsReserved(int uid)
    {
        lock (InUse) return InUse.Contains(uid);
    }

    /// <summary>Returns <paramref name="uid"/> once its run has ended.</summary>
    public static void Release(int uid)
    {
        lock (InUse) InUse.Remove(uid);
    }
}
