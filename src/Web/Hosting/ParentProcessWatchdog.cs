using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Workbench.Web.Hosting;

/// <summary>
/// Runs in the worker process: exits it when the supervising web process is gone (killed with SIGKILL, crashed),
/// so no orphaned worker keeps a model in memory. On Linux and macOS the check is <c>getppid()</c>: a child whose
/// parent died is re-parented, so its parent id changes (immune to process-id reuse).
/// </summary>
public static partial class ParentProcessWatchdog
{
    /// <summary>How often the parent is checked.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Starts the watchdog on a background thread when <paramref name="args"/> carry
    /// <c>--parent-pid</c>; does nothing otherwise.</summary>
    /// <param name="args">The worker's command-line arguments.</param>
    public static void StartFromArguments(string[] args)
    {
        if (WorkerArguments.ParentPid(args) is not { } parentPid) return;
        var thread = new Thread(() => Watch(parentPid)) { IsBackground = true, Name = "parent-process-watchdog" };
        thread.Start();
    }

    private static void Watch(int parentPid)
    {
        while (IsParentAlive(parentPid)) Thread.Sleep(PollInterval);
        Console.Error.WriteLine($"engine worker: parent process {parentPid} is gone; exiting.");
        // Environment.Exit lets the host stop; kill ourselves if that takes too long.
        var exit = new Thread(() => Environment.Exit(3)) { IsBackground = true };
        exit.Start();
        if (!exit.Join(TimeSpan.FromSeconds(5))) Process.GetCurrentProcess().Kill();
    }

    private static bool IsParentAlive(int parentPid)
    {
        if (OperatingSystem.IsLinux() || OperatingSystem.IsMacOS()) return getppid() == parentPid;
        try
        {
            using var parent = Process.GetProcessById(parentPid);
            return !parent.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    // DllImport, not LibraryImport: the generated stubs need AllowUnsafeBlocks, which only Engine has (see
    // docs/ARCHITECTURE.md). Every signature here is blittable (ints) or a string marshalled as UTF-8.
    [DllImport("libc")]
    private static extern int getppid();
}
