using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Workbench.Sandbox;

/// <summary>
/// The sandbox's channel to the grader. The grader starts the sandbox with pipes on its standard input and output;
/// before any student code runs, <see cref="Open"/> duplicates both to new descriptors (close-on-exec, so child
/// processes do not inherit them) and puts <c>/dev/null</c> on descriptors 0 and 1. What the student's code writes
/// to its standard output (<c>Console.Out</c>, <c>Console.OpenStandardOutput()</c>, <c>write(1, …)</c>) then goes
/// nowhere, and what it reads from standard input is empty. Standard error (2) stays the grader's pipe: it is never
/// parsed, only its first line shown when the process crashes (the runtime writes <c>Stack overflow.</c> there).
/// The channel carries data only — calls and their outputs — never a verdict.
/// </summary>
internal static partial class PrivateChannel
{
    private const int FDupfdCloexec = 1030; // fcntl.h: F_DUPFD_CLOEXEC
    private const int ORdwr = 2;
    private const int OCloexec = 0x80000;

    /// <summary>Moves the grader's pipes to private descriptors and silences 0 and 1.</summary>
    /// <returns>The stream of requests (from the grader) and of responses (to it).</returns>
    /// <exception cref="IOException">A descriptor operation failed (the run must not go on).</exception>
    public static (Stream Requests, Stream Responses) Open()
    {
        var requests = Duplicate(0);
        var responses = Duplicate(1);
        var devNull = open("/dev/null", ORdwr | OCloexec);
        if (devNull < 0 || dup2(devNull, 0) < 0 || dup2(devNull, 1) < 0)
            throw new IOException($"cannot silence the standard streams: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        close(devNull);
        return (new FileStream(new SafeFileHandle(requests, ownsHandle: true), FileAccess.Read, bufferSize: 0),
            new FileStream(new SafeFileHandle(responses, ownsHandle: true), FileAccess.Write, bufferSize: 0));
    }

    private static IntPtr Duplicate(int descriptor)
    {
        var copy = fcntl(descriptor, FDupfdCloexec, 3);
        if (copy < 0) throw new IOException($"cannot duplicate descriptor {descriptor}: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
        return copy;
    }

    // DllImport, not LibraryImport: the generated stubs need AllowUnsafeBlocks, which only Engine has (see
    // docs/ARCHITECTURE.md). Every signature here is blittable (ints) or a string marshalled as UTF-8.
    [DllImport("libc", SetLastError = true)]
    private static extern int fcntl(int fd, int command, int argument);

    [DllImport("libc", SetLastError = true)]
    private static extern int dup2(int oldFd, int newFd);

    [DllImport("libc", SetLastError = true)]
    private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", SetLastError = true)]
    private static extern int close(int fd);
}
