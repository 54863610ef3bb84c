using System.Runtime.InteropServices;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>The two libc calls the launcher needs that .NET does not offer: <c>kill(2)</c> by pid (the sandbox's
/// processes are not our children) and <c>chown(2)</c> (the run folder belongs to the run's uid).</summary>
internal static partial class SandboxNative
{
    private const int SigKill = 9;

    /// <summary>Sends SIGKILL to <paramref name="pid"/>; false when it is gone (or not ours to signal).</summary>
    public static bool Kill(int pid) => pid > 1 && kill(pid, SigKill) == 0;

    /// <summary>Gives <paramref name="path"/> to <paramref name="uid"/>:<paramref name="gid"/>.</summary>
    /// <exception cref="IOException">chown failed (the message is libc's).</exception>
    public static void Chown(string path, int uid, int gid)
    {
        if (chown(path, (uint)uid, (uint)gid) != 0)
            throw new IOException($"chown {uid}:{gid} '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    /// <summary>Gives <paramref name="path"/> itself to <paramref name="uid"/>:<paramref name="gid"/>, never what a
    /// symbolic link points to (<c>lchown(2)</c>): for trees sandboxed code could have planted links in.</summary>
    /// <exception cref="IOException">lchown failed (the message is libc's).</exception>
    public static void Lchown(string path, int uid, int gid)
    {
        if (lchown(path, (uint)uid, (uint)gid) != 0)
            throw new IOException($"lchown {uid}:{gid} '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    // DllImport, not LibraryImport: the generated stubs need AllowUnsafeBlocks, which only Engine has (see
    // docs/ARCHITECTURE.md). Every signature here is blittable (ints) or a string marshalled as UTF-8.
    [DllImport("libc", SetLastError = true)]
    private static extern int kill(int pid, int signal);

    [DllImport("libc", SetLastError = true)]
    private static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);

    [DllImport("libc", SetLastError = true)]
    private static extern int lchown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, uint owner, uint group);
}
