using System.Globalization;
using Microsoft.Extensions.Logging;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Cleans up after web processes that died without cleaning up (<c>kill -9</c>, a crash, a power cut): every run
/// folder under the run root and every sandbox cgroup whose owner (the pid and start time in its name, see
/// <see cref="SandboxLauncher"/>) is no longer running has its processes killed (the cgroup's, and those of the run's
/// uid) and is removed. A live owner's runs are never touched, so several web processes can share a host or a data
/// directory; a reused pid does not look alive because its start time differs.
/// </summary>
internal static class SandboxJanitor
{
    /// <summary>Sweeps <paramref name="runRoot"/> and the cgroups once; returns how many leftovers it removed.</summary>
    public static int Sweep(string runRoot, SandboxCgroupHierarchy? cgroups, ILogger logger)
    {
        var removed = 0;
        foreach (var name in cgroups?.Names() ?? [])
        {
            if (!IsOrphan(name)) continue;
            cgroups!.Remove(name);
            removed++;
        }
        if (Directory.Exists(runRoot))
        {
            foreach (var directory in Directory.GetDirectories(runRoot))
            {
                if (!IsOrphan(Path.GetFileName(directory))) continue;
                if (SandboxLauncher.UidOf(directory) is { } uid && SandboxUids.IsSandboxUid(uid)) SandboxProcessTree.KillUid(uid);
                try
                {
                    Directory.Delete(directory, recursive: true);
                    removed++;
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    logger.LogWarning(e, "Could not remove the leftover sandbox folder {Directory}.", directory);
                }
            }
        }
        if (removed > 0) logger.LogWarning("Removed {Count} sandbox leftovers of web processes that are gone.", removed);
        return removed;
    }

    /// <summary>Whether <paramref name="name"/> is a run of ours whose owner is gone.</summary>
    internal static bool IsOrphan(string name)
    {
        var match = SandboxLauncher.RunName().Match(name);
        if (!match.Success) return false; // not ours (or a probe, removed by its maker)
        var pid = int.Parse(match.Groups["pid"].Value, CultureInfo.InvariantCulture);
        var start = long.Parse(match.Groups["start"].Value, CultureInfo.InvariantCulture);
        return SandboxProcessTree.StartTicksOf(pid) != start;
    }
}
