using System.Runtime.InteropServices;

namespace Workbench.Sandbox;

/// <summary>
/// What the sandbox can do to itself before the student's code runs: hide folders behind empty tmpfs mounts (the
/// run's own working directory is bound back at its path) and, when started as root, mount a <c>/proc</c> with
/// <c>hidepid=2</c> and drop to user nobody (uid and gid 65534, no supplementary groups).
/// <para>Since the grader starts every sandbox with bubblewrap (Workbench.Lab's <c>SandboxLauncher</c>: only
/// <c>/usr</c>, the app folder and the run folder visible, its own PID namespace and <c>/proc</c>, its own uid, no
/// capabilities), the run request asks for neither (no hidden paths, <c>DropToNobody</c> false) and this does
/// nothing; inside bubblewrap the mounts would fail anyway (no <c>CAP_SYS_ADMIN</c>). It stays for the request's
/// fields and as the description of what the old <c>unshare</c> launch needed.</para>
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
