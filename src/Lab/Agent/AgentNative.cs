using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Workbench.Lab.Agent;

/// <summary>
/// <c>open(2)</c> with the flags .NET does not offer, for <see cref="AgentWorkspace"/>: <c>O_NOFOLLOW</c> (a symbolic
/// link as the last part fails with <c>ELOOP</c> instead of being followed) and <c>O_NONBLOCK</c> (a FIFO the sandbox
/// planted opens at once instead of blocking the host until a writer appears; a socket fails with <c>ENXIO</c>).
/// </summary>
internal static partial class AgentNative
{
    private const int ReadOnly = 0x0;
    private const int WriteOnly = 0x1;
    private const int Create = 0x40;
    private const int Truncate = 0x200;
    private const int NonBlock = 0x800;
    private const int CloseOnExec = 0x80000;

    // O_NOFOLLOW differs by architecture (asm-generic 0x20000; arm and arm64 0x8000).
    private static int NoFollow => RuntimeInformation.ProcessArchitecture is Architecture.Arm64 or Architecture.Arm ? 0x8000 : 0x20000;

    /// <summary>Opens <paramref name="path"/> for reading without following a final link or blocking on a FIFO.</summary>
    /// <exception cref="IOException">open failed (the message is libc's).</exception>
    public static SafeFileHandle OpenRead(string path) => Open(path, ReadOnly | NonBlock | CloseOnExec | NoFollow, 0);

    /// <summary>Opens (creating, mode 0644, or truncating) <paramref name="path"/> for writing, never through a final link.</summary>
    /// <exception cref="IOException">open failed (the message is libc's).</exception>
    public static SafeFileHandle OpenWrite(string path) => Open(path, WriteOnly | Create | Truncate | NonBlock | CloseOnExec | NoFollow, Convert.ToInt32("644", 8));

    private static SafeFileHandle Open(string path, int flags, int mode)
    {
        var fd = open(path, flags, mode);
        if (fd < 0) throw new IOException($"open '{path}': {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return new SafeFileHandle(fd, ownsHandle: true);
    }

    // DllImport, not LibraryImport: the generated stubs need AllowUnsafeBlocks, which only Engine has (see
    // docs/ARCHITECTURE.md and SandboxNative). Blittable ints and a UTF-8 string.
    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags, int mode);
}
