using System.Diagnostics;
using Microsoft.Extensions.Logging;

using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

// Watching a running sandbox: its limits every PollInterval and its end, while the conversation with it goes on.
public sealed partial class SandboxRunner
{
    private async Task<SandboxResult> MonitorAsync(Process process, SandboxRun run, Task reading, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var errors = ReadHeadAsync(process.StandardError, StandardErrorBytes);
        var exited = process.WaitForExitAsync(CancellationToken.None);

        var limits = run.Limits;
        SandboxLimit? exceeded = null;
        var cpu = TimeSpan.Zero;
        long peak = 0;
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(PollInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (exited.IsCompleted) break;

                cpu = CpuTimeOf(process) ?? cpu;
                peak = Math.Max(peak, ResidentBytesOf(process.Id));
                exceeded = clock.Elapsed > limits.WallTime ? SandboxLimit.WallTime
                    : cpu > limits.CpuTime ? SandboxLimit.CpuTime
                    : peak > limits.MemoryBytes ? SandboxLimit.Memory
                    : null;
                if (exceeded is not null)
                {
                    Kill(process);
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill(process);
            throw;
        }

        await exited;
        var duration = clock.Elapsed;
        // The pipes close when the process tree is gone; do not wait forever on an orphan holding them.
        await Task.WhenAny(Task.WhenAll(reading, errors), Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        int? exitCode = exceeded is null ? process.ExitCode : null;
        if (exitCode == SandboxExitCodes.OutOfMemory) exceeded ??= SandboxLimit.Memory;
        var standardError = errors.IsCompletedSuccessfully ? errors.Result : "";
        return new SandboxResult([], exceeded, exitCode, standardError, duration, cpu, peak);
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

    /// <summary>The process's CPU time, or null once it has exited. A process that exits between the poll's check
    /// and this read makes .NET throw: <see cref="InvalidOperationException"/> when it already saw the exit,
    /// <see cref="System.ComponentModel.Win32Exception"/> when <c>/proc/&lt;pid&gt;/stat</c> is already gone (reaped).
    /// Either way the run has ended; it is not a grading failure.</summary>
    internal static TimeSpan? CpuTimeOf(Process process)
    {
        try
        {
            return process.TotalProcessorTime;
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return null; // exited meanwhile
        }
    }

    /// <summary><c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c> in bytes; 0 once the process is gone.</summary>
    private static long ResidentBytesOf(int pid)
    {
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (!line.StartsWith("VmRSS:", StringComparison.Ordinal)) continue;
                var kilobytes = line["VmRSS:".Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, System.Globalization.CultureInfo.InvariantCulture) * 1024;
            }
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
        return 0;
    }

    private void Kill(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // already exited
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            _logger.LogWarning(e, "Could not kill sandbox process {Pid}.", process.Id);
        }
    }
}
