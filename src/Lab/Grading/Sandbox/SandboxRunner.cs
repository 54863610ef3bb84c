using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Runs a compiled submission's checks in <c>Workbench.Sandbox</c>, a child process that is:
/// <list type="bullet">
/// <item>given only the student's files compiled with the exercise's visible harness: the hidden checks run in the
/// grading process (<see cref="SandboxRun.Judge"/>) and call harness operations over the sandbox's private
/// channel (<see cref="SandboxSession"/>), so no verdict ever comes from the sandbox;</item>
/// <item>in a private working directory (<c>{DataDirectory}/sandbox/&lt;run&gt;</c>, deleted afterwards) holding
/// only the assembly and the run request (which the sandbox deletes once read);</item>
/// <item>in new network and mount namespaces (<c>unshare --net --mount</c> as root, <c>unshare -rnm</c> otherwise):
/// no network interface, so no TCP or UDP anywhere, not even loopback; the grading gateway's Unix socket, a path in
/// the file system, is the one way to the engine;</item>
/// <item>confined by the sandbox itself before the student's code runs: the content and data directories hidden
/// behind empty tmpfs mounts and, as root, <c>/proc</c> remounted with <c>hidepid=2</c> and the process dropped to
/// user nobody (so it cannot read other processes, their command lines or root-only files);</item>
/// <item>started with a clean environment (no inherited secrets), <c>DOTNET_GCHeapHardLimit</c> = the memory limit,
/// workstation GC;</item>
/// <item>watched every 50 ms: resident memory (<c>VmRSS</c> of <c>/proc/&lt;pid&gt;/status</c>), CPU time and wall
/// time; the first limit passed kills the process tree and is named in the result.</item>
/// </list>
/// If the namespaces cannot be created the runner refuses (<see cref="SandboxUnavailableException"/>); if the
/// sandbox cannot confine itself it runs nothing (exit code 2). Code is never run unsandboxed.
/// </summary>
public sealed partial class SandboxRunner
{
    /// <summary>How often the limits are checked.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    private const int StandardErrorBytes = 4096;
    private static readonly string UnshareExecutable = File.Exists("/usr/bin/unshare") ? "/usr/bin/unshare" : "unshare";
    private static readonly Lazy<string[]?> UnsharePrefix = new(DetectUnshare);
    private static readonly string[] AsRoot = ["--net", "--mount"];
    private static readonly string[] InUserNamespace = ["--map-root-user", "--net", "--mount"];

    private readonly string[] _hiddenPaths;
    private readonly string _workRoot;
    private readonly string _executable;
    private readonly ILogger<SandboxRunner> _logger;

    /// <summary>Creates the runner.</summary>
    /// <param name="options">Lab options: runs go under <c>{DataDirectory}/sandbox</c>; the data and content
    /// directories are hidden from the sandboxed code.</param>
    /// <param name="logger">Logger.</param>
    public SandboxRunner(IOptions<LabOptions> options, ILogger<SandboxRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var data = Path.GetFullPath(options.Value.DataDirectory);
        _workRoot = Path.Combine(data, "sandbox");
        _executable = Path.Combine(AppContext.BaseDirectory, "Workbench.Sandbox");
        _logger = logger;
        // Never hide the folder the sandbox runs from: the runtime loads assemblies from it as it goes.
        _hiddenPaths = new[] { data, Path.GetFullPath(options.Value.ContentDirectory) }
            .Where(p => !Path.GetFullPath(AppContext.BaseDirectory).StartsWith(Path.TrimEndingDirectorySeparator(p) + "/", StringComparison.Ordinal))
            .ToArray();
    }

    /// <summary>Runs <paramref name="run"/> and waits for it to finish or be killed.</summary>
    /// <param name="run">What to run.</param>
    /// <param name="cancellationToken">Kills the process and stops waiting.</param>
    /// <returns>The trials the judge finished and how the run ended.</returns>
    /// <exception cref="SandboxUnavailableException">Not Linux, no network namespace can be created, or the
    /// sandbox executable is missing.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the process was killed).</exception>
    internal async Task<SandboxResult> RunAsync(SandboxRun run, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(run);
        if (!OperatingSystem.IsLinux())
            throw new SandboxUnavailableException("The grading sandbox needs Linux (network namespaces and /proc).");
        var unshare = UnsharePrefix.Value ?? throw new SandboxUnavailableException(
            "Cannot create network and mount namespaces for the grading sandbox: neither 'unshare --net --mount' (as root) " +
            "nor 'unshare -rnm' (user namespaces) works here. Install util-linux and allow unprivileged user namespaces " +
            "(sysctl kernel.unprivileged_userns_clone=1), or run the workbench as root. Code is never run unsandboxed.");
        if (!File.Exists(_executable))
            throw new SandboxUnavailableException($"The sandbox executable '{_executable}' is missing (the app must reference Workbench.Sandbox).");

        var dropToNobody = unshare == AsRoot;
        var directory = CreateRunDirectory(dropToNobody);
        try
        {
            await File.WriteAllBytesAsync(Path.Combine(directory, "submission.dll"), run.AssemblyImage, cancellationToken);
            var request = new RunRequest("submission.dll", run.StudentFiles, run.Operations,
                run.Endpoint.AbsoluteUri, run.Model, run.SocketPath, run.Token, _hiddenPaths, dropToNobody);
            await File.WriteAllTextAsync(Path.Combine(directory, "run.json"), JsonSerializer.Serialize(request, SandboxJson.Options), cancellationToken);

            using var process = Process.Start(CreateStartInfo(unshare, directory, run))
                ?? throw new SandboxUnavailableException("The sandbox process did not start.");
            var session = new SandboxSession(process.StandardInput.BaseStream, process.StandardOutput.BaseStream);
            var conversation = StartConversation(process, session, run, cancellationToken);
            var result = await MonitorAsync(process, run, conversation, cancellationToken);
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
            DeleteDirectory(directory);
        }
    }

    /// <summary>Reads the sandbox's answers and runs the judge; when the judge is done, closes the channel (the
    /// sandbox exits 0); when the sandbox breaks the protocol, kills it. The task ends when both have ended.</summary>
    private Task StartConversation(Process process, SandboxSession session, SandboxRun run, CancellationToken cancellationToken)
    {
        var reading = Task.Run(async () =>
        {
            await session.ReadAsync();
            if (session.ProtocolError is not null) Kill(process);
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

    private ProcessStartInfo CreateStartInfo(string[] unshare, string directory, SandboxRun run)
    {
        var info = new ProcessStartInfo(UnshareExecutable)
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true, // closed at once: nothing to read
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in unshare) info.ArgumentList.Add(argument);
        info.ArgumentList.Add("--");
        info.ArgumentList.Add(_executable);
        info.ArgumentList.Add("run.json");

        // A clean environment: the parent's may hold connection strings and passwords.
        info.Environment.Clear();
        info.Environment["PATH"] = "/usr/local/bin:/usr/bin:/bin";
        info.Environment["HOME"] = directory;
        info.Environment["TMPDIR"] = directory;
        info.Environment["LANG"] = "C.UTF-8";
        info.Environment["DOTNET_gcServer"] = "0";
        info.Environment["DOTNET_GCHeapHardLimit"] = run.Limits.MemoryBytes.ToString("X"); // hexadecimal, as the runtime reads it
        info.Environment["DOTNET_EnableDiagnostics"] = "0"; // no debugger or diagnostics IPC socket
        info.Environment["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1"; // no ICU: faster start, less memory
        return info;
    }

    /// <summary>A fresh <c>{DataDirectory}/sandbox/&lt;guid&gt;</c>. The parent is root's alone (0700); the run folder
    /// is open to all (0777) when the sandbox becomes user nobody, who reaches it only as the working directory it
    /// was started in (so other users cannot, and nobody cannot reach other runs).</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private string CreateRunDirectory(bool openToAll)
    {
        const UnixFileMode ownerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        const UnixFileMode all = ownerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(_workRoot, ownerOnly);
        var directory = Path.Combine(_workRoot, Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, openToAll ? all : ownerOnly); // set explicitly: not masked by the umask
        return directory;
    }

    private void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete sandbox directory {Directory}.", directory);
        }
    }

    /// <summary>The <c>unshare</c> options that create network and mount namespaces here: <c>--net --mount</c>
    /// (root) or the same in an unprivileged user namespace (<c>-rnm</c>); null when neither works.</summary>
    private static string[]? DetectUnshare()
    {
        foreach (var candidate in new[] { AsRoot, InUserNamespace })
        {
            try
            {
                var info = new ProcessStartInfo(UnshareExecutable)
                {
                    UseShellExecute = false,
                    RedirectStandardError = true,
                    RedirectStandardOutput = true,
                };
                foreach (var argument in candidate) info.ArgumentList.Add(argument);
                info.ArgumentList.Add("--");
                info.ArgumentList.Add("true");
                using var probe = Process.Start(info);
                if (probe is not null && probe.WaitForExit(5000) && probe.ExitCode == 0) return candidate;
                probe?.Kill();
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return null; // no unshare at all
            }
        }
        return null;
    }
}
