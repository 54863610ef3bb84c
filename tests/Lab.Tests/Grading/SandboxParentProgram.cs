using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// The test assembly's entry point (the test host never calls it): <c>Workbench.Lab.Tests sandbox-parent &lt;data&gt;
/// &lt;marker&gt;</c> is a real web-like parent process for <see cref="SandboxParentDeathTests"/>. It starts a sandbox
/// (a detached <c>sleep &lt;marker&gt;</c> and a foreground one) from a thread that then exits, as a thread-pool thread
/// may, checks the sandbox survived that, prints <c>ready &lt;run folder&gt;</c> and waits to be killed.
/// </summary>
public static class SandboxParentProgram
{
    /// <summary>Entry point.</summary>
    public static int Main(string[] args)
    {
        if (args is not ["sandbox-parent", var data, var marker]) return 0;
        var launcher = new SandboxLauncher(SandboxCapabilities.Detect(), Path.Combine(data, "sandbox"), NullLogger<SandboxLauncher>.Instance);
        SandboxProcess? sandbox = null;
        var starter = new Thread(() =>
        {
            var directory = launcher.CreateRunDirectory();
            sandbox = launcher.StartAsync(new SandboxCommand("/bin/sh", ["-c", $"setsid sleep {marker} & sleep {marker}"], directory,
                SandboxShell.Roomy with { WallTime = TimeSpan.FromMinutes(5) }), CancellationToken.None).GetAwaiter().GetResult();
        });
        starter.Start();
        starter.Join(); // the thread that asked for the start is gone now
        Thread.Sleep(500);
        if (sandbox is null || sandbox.Process.HasExited)
        {
            Console.WriteLine("died with its starting thread");
            return 1;
        }
        Console.WriteLine("ready " + sandbox.Command.RunDirectory);
        Thread.Sleep(Timeout.Infinite);
        return 0;
    }
}
