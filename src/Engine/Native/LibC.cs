using System.Runtime.InteropServices;

namespace Workbench.Engine.Native;

/// <summary>The few libc functions the bindings need. .NET keeps its own copy of the environment on Unix, so
/// native code reading <c>getenv</c> only sees variables set through <c>setenv</c>.</summary>
internal static partial class LibC
{
    /// <summary>POSIX <c>setenv</c>; returns 0 on success.</summary>
    [LibraryImport("libc", EntryPoint = "setenv", StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int setenv(string name, string value, int overwrite);
}
