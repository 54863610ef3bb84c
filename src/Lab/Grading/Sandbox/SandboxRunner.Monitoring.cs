using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

// Watching a running sandbox: its end and its limits (SandboxProcess.WaitForExitAsync), while the conversation with it goes on.
public sealed partial class SandboxRunner
{
    private static async Task<SandboxResult> MonitorAsync(SandboxProcess sandbox, Task conversation, CancellationToken cancellationToken)
    {
        var errors = ReadHeadAsync(sandbox.Process.StandardError, StandardErrorBytes);

        // Limits of the whole tree; the tree is killed at the first one passed (or on cancellation, which throws).
        var exit = await sandbox.WaitForExitAsync(cancellationToken);
        // The pipes close when the process tree is gone (its PID namespace dies with it); do not wait forever.
        await Task.WhenAny(Task.WhenAll(conversation, errors), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        var exceeded = exit.ExceededLimit;
        if (exit.ExitCode == SandboxExitCodes.OutOfMemory) exceeded ??= SandboxLimit.Memory;
        var standardError = errors.IsCompletedSuccessfully ? errors.Result : "";
        return new SandboxResult([], exceeded, exit.ExitCode, standardError, exit.Duration, exit.Usage.CpuTime, exit.Usage.PeakMemoryBytes);
    }

    private static async Task<string> ReadHeadAsync(StreamReader reader, int maxChars)
    {
        var buffer = new char[maxChars];
        var length = 0;
        int read;
        while ((read = await reader.ReadAsync(buffer.AsMemory(length, maxChars - length))) > 0)
        {
            length += read;
            if (length == maxChars)
            {
                // Keep the head, drain the rest so the child never blocks on a full pipe.
                var sink = new char[4096];
                while (await reader.ReadAsync(sink.AsMemory()) > 0) { }
                break;
            }
        }
        return new string(buffer, 0, length).Trim();
    }
}
