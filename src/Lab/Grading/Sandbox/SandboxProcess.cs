using System.Diagnostics;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// A command running in the sandbox (from <see cref="SandboxLauncher.StartAsync"/>). Its standard streams are
/// <see cref="Process"/>'s (all three redirected; close standard input when there is nothing to send).
/// <see cref="WaitForExitAsync"/> watches the whole tree's limits every <see cref="PollInterval"/> and kills the tree
/// at the first one passed; <see cref="Dispose"/> kills whatever is left and removes the run's cgroup.
/// </summary>
public sealed class SandboxProcess : IDisposable
{
    /// <summary>How often the limits are checked.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private readonly SandboxCgroup? _cgroup;
    private readonly int? _uid;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _peak;
    private int _disposed;

    internal SandboxProcess(Process process, SandboxCommand command, SandboxCgroup? cgroup, int? uid)
    {
        Process = process;
        Command = command;
        _cgroup = cgroup;
        _uid = uid;
    }

    /// <summary>The launcher's child (the shell that became <c>bwrap</c>): its standard streams are the command's.</summary>
    public Process Process { get; }

    /// <summary>What runs.</summary>
    public SandboxCommand Command { get; }

    /// <summary>The tree's usage as last measured by <see cref="WaitForExitAsync"/> or <see cref="Measure"/>.</summary>
    public SandboxTreeUsage Usage { get; private set; }

    /// <summary>Waits for the command to end, killing the whole tree at the first limit passed.</summary>
    /// <param name="cancellationToken">Kills the tree and stops waiting.</param>
    /// <returns>How it ended.</returns>
    /// <exception cref="OperationCanceledException">Cancelled (the tree was killed).</exception>
    public async Task<SandboxExit> WaitForExitAsync(CancellationToken cancellationToken)
    {
        var exited = Process.WaitForExitAsync(CancellationToken.None);
        var limits = Command.Limits;
        SandboxLimit? exceeded = null;
        try
        {
            while (!exited.IsCompleted)
            {
                await Task.WhenAny(exited, Task.Delay(PollInterval, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
                if (exited.IsCompleted) break;
                var usage = Measure();
                exceeded = _clock.Elapsed > limits.WallTime ? SandboxLimit.WallTime
                    : usage.CpuTime > limits.CpuTime ? SandboxLimit.CpuTime
                    : usage.OutOfMemory || usage.MemoryBytes > limits.MemoryBytes ? SandboxLimit.Memory
                    : usage.ProcessLimitHit || usage.Processes > limits.MaxProcesses ? SandboxLimit.Processes
                    : null;
                if (exceeded is not null)
                {
                    Kill();
                    break;
                }
            }
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw;
        }

        await exited;
        var duration = _clock.Elapsed;
        var final = _cgroup is null ? Usage : Measure(); // a cgroup keeps its counters until it is removed
        // A limit the kernel enforced on its own (an OOM kill, a refused fork) between two polls.
        if (final.OutOfMemory) exceeded ??= SandboxLimit.Memory;
        else if (final.ProcessLimitHit) exceeded ??= SandboxLimit.Processes;
        return new SandboxExit(exceeded is null ? Process.ExitCode : null, exceeded, duration, final);
    }

    /// <summary>Measures the tree now: the cgroup's counters, or (rlimits) <c>/proc</c> summed over the tree.</summary>
    public SandboxTreeUsage Measure()
    {
        if (_cgroup is not null) return Usage = _cgroup.Read();
        var (cpu, resident, tasks) = SandboxProcessTree.Measure(Process.Id);
        if (tasks == 0) return Usage; // gone: keep the last measure
        _peak = Math.Max(_peak, resident);
        // RLIMIT_NPROC refuses forks silently: a tree seen at its ceiling has hit the limit.
        return Usage = new SandboxTreeUsage(cpu > Usage.CpuTime ? cpu : Usage.CpuTime, resident, _peak, tasks,
            OutOfMemory: false, ProcessLimitHit: Usage.ProcessLimitHit || tasks >= Command.Limits.MaxProcesses);
    }

    /// <summary>Kills the whole tree: the launcher's child (bwrap; its PID namespace dies with it), every process in
    /// the cgroup, and every process of the run's uid.</summary>
    public void Kill()
    {
        try
        {
            Process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // already exited
        }
        _cgroup?.KillAll();
        if (_uid is { } uid) SandboxProcessTree.KillUid(uid);
    }

    /// <summary>Kills what is left and removes the cgroup. The run's uid stays the run folder's: one folder may run
    /// several commands (the agent's workspace), so the uid is freed only by
    /// <see cref="SandboxLauncher.DeleteRunDirectory"/> — freed earlier, a concurrent run could draw it and reach the
    /// folder's files.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        Kill();
        _cgroup?.Dispose();
        Process.Dispose();
    }
}

/// <summary>How a sandboxed command ended.</summary>
/// <param name="ExitCode">The command's exit code, or null when the launcher killed it at a limit.</param>
/// <param name="ExceededLimit">The limit that stopped it, or null.</param>
/// <param name="Duration">Wall time from start to exit.</param>
/// <param name="Usage">The whole tree's usage, last measured.</param>
public sealed record SandboxExit(int? ExitCode, SandboxLimit? ExceededLimit, TimeSpan Duration, SandboxTreeUsage Usage);
