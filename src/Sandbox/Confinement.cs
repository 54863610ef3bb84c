using System.Runtime.InteropServices;

namespace Workbench.Sandbox;

/// <summary>
/// What the sandbox does to itself before the student's code runs, inside the new mount namespace it was started
/// in (<c>unshare --net --mount</c>): hide folders behind empty tmpfs mounts (the lab content with its hidden checks
/// and solutions, the data directory with the database and other runs; the run's own working directory is bound
/// back at its path), and, when started as root, mount a <c>/proc</c> that shows other users' processes to no one
/// (<c>hidepid=2</c>) and drop to the unprivileged user nobody (uid and gid 65534, no supplementary groups; the
/// process also becomes non-dumpable, so other sandboxes cannot read its memory or files through <c>/proc</c>).
/// </summary>
internal static partial class Confinement
{
    private const uint Nobody = 65534;

    private const ulong MsBind = 4096;

    /// <summary>Applies the confinement; returns null, or why it failed (the run must then not go on).</summary>
    public static string? Apply(IReadOnlyList<string> hiddenPaths, bool dropToNobody)
    {
        var workingDirectory = Environment.CurrentDirectory;
        foreach (var path in hiddenPaths.Where(Directory.Exists))
        {
            if (mount("none", path, "tmpfs", 0, "size=64k,mode=0755") != 0)
                return $"cannot hide {path}: {Error()}";
        }

        // The working directory may lie in a hidden folder ({DataDirectory}/sandbox/<run>): bind it back at its own
        // path (through /proc/self/cwd, which still reaches it) so relative and absolute paths to it keep working.
        if (hiddenPaths.Any(p => workingDirectory.StartsWith(Path.TrimEndingDirectorySeparator(p) + "/", StringComparison.Ordinal)))
        {
            Directory.CreateDirectory(workingDirectory);
            if (mount("/proc/self/cwd", workingDirectory, null, MsBind, null) != 0)
                return $"cannot keep the working directory {workingDirectory}: {Error()}";
            Environment.CurrentDirectory = workingDirectory;
        }
        if (!dropToNobody) return null;

        if (mount("proc", "/proc", "proc", 0, "hidepid=2") != 0) return $"cannot remount /proc: {Error()}";
        // Group first: once the user id is dropped, changing groups is no longer allowed. glibc applies these to
        // every thread of the process.
        if (setgroups(0, IntPtr.Zero) != 0 || setresgid(Nobody, Nobody, Nobody) != 0 || setresuid(Nobody, Nobody, Nobody) != 0)
            return $"cannot drop to user nobody: {Error()}";
        return geteuid() == Nobody ? null : "still privileged after dropping to user nobody";
    }

    private static string Error() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    [LibraryImport("libc", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int mount(string source, string target, string? filesystemType, ulong flags, string? data);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setgroups(nuint size, IntPtr list);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresgid(uint real, uint effective, uint saved);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int setresuid(uint real, uint effective, uint saved);

    [LibraryImport("libc")]
    private static partial uint geteuid();
}
