using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Runs a compiled submission's checks in <c>Workbench.Sandbox</c>, started through <see cref="SandboxLauncher"/>:
/// <list type="bullet">
/// <item>given only the student's files compiled with the exercise's visible harness: the hidden checks run in the
/// grading process (<see cref="SandboxRun.Judge"/>) and call harness operations over the sandbox's private
/// channel (<see cref="SandboxSession"/>), so no verdict ever comes from the sandbox; for an MCP-server exercise
/// (<see cref="SandboxRun.Host"/>) the channel is an MCP stdio connection and the checks are its client;</item>
/// <item>a bubblewrap sandbox with its own PID, network, user, IPC and UTS namespaces: no network interface, so no
/// TCP or UDP anywhere, not even loopback; the grading gateway's Unix socket, bound in at its path, is the one way to
/// the engine; <c>kill(-1)</c> reaches only the run's own processes, which all die with its init and with the web
/// process;</item>
/// <item>seeing only <c>/usr</c>, the sandbox executable's folder (read-only, its <c>appsettings*.json</c> empty), a
/// fresh <c>/proc</c>, a minimal <c>/dev</c>, empty private <c>/tmp</c> and <c>/dev/shm</c>, and its run folder
/// (<c>{DataDirectory}/sandbox/&lt;run&gt;</c>, deleted afterwards) holding only the assembly and the run request
/// (which the sandbox deletes once read): not <c>/etc</c>, the data or content directories, or the models;</item>
/// <item>as its own uid (as root) with no capabilities, with a clean environment (no inherited secrets),
/// <c>DOTNET_GCHeapHardLimit</c> = the memory limit, workstation GC;</item>
/// <item>limited as a whole tree (processes, memory, CPU: a cgroup per run, or rlimits where the host has none;
/// <see cref="SandboxCapabilities"/>) and watched every 50 ms together with the wall time; the first limit passed
/// kills the tree and is named in the result.</item>
/// </list>
/// If no sandbox can start here the runner refuses (<see cref="SandboxUnavailableException"/>); a run request the
/// sandbox cannot use runs nothing (exit code 2). Code is never run unsandboxed.
/// </summary>
public sealed partial class SandboxRunner
{
    private const int StandardErrorBytes = 4096;

    private readonly SandboxLauncher _launcher;
    private readonly string _executable;
    private readonly ILogger<SandboxRunner> _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="launcher">Starts the sandboxes (runs go under <c>{DataDirectory}/sandbox</c>).</param>
    /// <param name="logger">Logger.</param>
    public SandboxRunner(SandboxLauncher launcher, ILogger<SandboxRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        _launcher = launcher;
        _executable = Path.Combine(AppContext.BaseDirectory, "Workbench.Sandbox");
        _logger = logger;
    }

    /// <summary>Runs <paramref name="run"/> and waits for it to finish or be killed.</summary>
    /// <param name="run">What to run.</param>
    /// <param name="cancellationToken">Kills the process and stops waiting.</param>
    /// <returns>The trials the judge finished and how the run ended.</returns>
    /// <exception cref="SandboxUnavailableException">No sandbox can start here (<see cref="SandboxCapabilities.UnavailableReason"/>),
    /// or the sandbox executable is missing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the process was killed).</exception>
    internal async Task<SandboxResult> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (_launcher.Capabilities.UnavailableReason is { } unavailable) throw new SandboxUnavailableException(unavailable);
        if (!File.Exists(_executable))
            throw new SandboxUnavailableException($"The sandbox executable '{_executable}' is missing (the app must reference Workbench.Sandbox).");

        var directory = CreateRunDirectory();
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, "submission.dll"), run.AssemblyImage, cancellationToken);
            var request = new RunRequest("submission.dll", run.StudentFiles, run.Operations,
                run.Endpoint.AbsoluteUri, run.Model, run.SocketPath, run.Token, run.Host);
            await File.WriteAllTextAsync(Path.Combine(directory, "run.json"), JsonSerializer.Serialize(request, SandboxJson.Options), cancellationToken);

            using var sandbox = await _launcher.StartAsync(CreateCommand(directory, run), cancellationToken);
            var process = sandbox.Process;
            var session = new SandboxSession(process.StandardInput.BaseStream, process.StandardOutput.BaseStream, mcp: run.Host == SandboxHosts.McpServer);
            var conversation = StartConversation(sandbox, session, run, cancellationToken);
            var result = await MonitorAsync(sandbox, conversation, cancellationToken);
            // The sandbox is gone: the judge ends at its next call, or at the latest when its trial times out.
            await Task.WhenAny(conversation, Task.Delay(run.Limits.WallTime / 2 + TimeSpan.FromSeconds(5), CancellationToken.None));
            result = result with { Trials = session.Trials, ProtocolError = session.ProtocolError };
            _logger.LogInformation("Sandbox run: {Trials} trials in {Duration} ms, CPU {Cpu} ms, peak RSS {Rss} MiB, exit {Exit}, limit {Limit}.",
                result.Trials.Count, (int)result.Duration.TotalMilliseconds, (int)result.CpuTime.TotalMilliseconds,
                result.PeakMemoryBytes >> 20, result.ExitCode, result.ExceededLimit);
            return result;
        }
        finally
        {
            _launcher.DeleteRunDirectory(directory);
        }
    }

    /// <summary>Reads the sandbox's answers and runs the judge; when the judge is done, closes the channel (the
    /// sandbox exits 0); when the sandbox breaks the protocol, kills it. The task ends when both have ended.</summary>
    private Task StartConversation(SandboxProcess sandbox, SandboxSession session, SandboxRun run, CancellationToken cancellationToken)
    {
        var reading = Task.Run(async () =>
        {
            await session.ReadAsync();
            if (session.ProtocolError is not null) sandbox.Kill();
        }, CancellationToken.None);
        var judging = Task.Run(async () =>
        {
            try
            {
                await run.Judge(session, cancellationToken);
            }
            catch (SandboxStoppedException)
            {
                // the run ended early; the monitor says why
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // the grading was cancelled; RunAsync throws
            }
            catch (Exception e)
            {
                _logger.LogError(e, "The judge of a sandbox run failed.");
            }
            finally
            {
                await session.CloseAsync();
            }
        }, CancellationToken.None);
        return Task.WhenAll(reading, judging);
    }

    private SandboxCommand CreateCommand(string directory, SandboxRun run) =>
        new(_executable, ["run.json"], directory, SandboxTreeLimits.From(run.Limits))
        {
            ReadOnlyPaths = [Path.GetDirectoryName(_executable)!],
            SocketPath = run.SocketPath,
            Environment = new Dictionary<string, string>
            {
                ["DOTNET_gcServer"] = "0",
                ["DOTNET_GCHeapHardLimit"] = run.Limits.MemoryBytes.ToString("X"), // hexadecimal, as the runtime reads it
                ["DOTNET_EnableDiagnostics"] = "0", // no debugger or diagnostics IPC socket
                ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1", // no ICU: faster start, less memory
            },
        };

    /// <summary>A fresh run folder from the launcher (<c>{DataDirectory}/sandbox/&lt;run&gt;</c>, 0700, given to the
    /// run's uid when it starts).</summary>
    private string CreateRunDirectory() => _launcher.CreateRunDirectory();
}
