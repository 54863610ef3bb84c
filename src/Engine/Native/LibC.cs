using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

/// <summary>The few libc functions the bindings need. .NET keeps its own copy of the environment on Unix, so
/// native code reading <c>getenv</c> only sees variables set through <c>setenv</c>.</summary>
internal static partial class LibC
{
    /// <summary>POSIX <c>setenv</c>; returns 0 on success.</summary>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);

    /// <summary>POSIX <c>dup</c>: a new descriptor for <paramref name="fd"/>, or −1.</summary>
    [LibraryImport("libc", EntryPoint = "dup")]
    internal static partial int dup(int fd);

    /// <summary>POSIX <c>dup2</c>: makes <paramref name="newfd"/> a copy of <paramref name="oldfd"/>; −1 on error.</summary>
    [LibraryImport("libc", EntryPoint = "dup2")]
    internal static partial int dup2(int oldfd, int newfd);
}
