using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// Starts any command in the sandbox (grading runs, and next the agent's <c>bash</c> tool and students' MCP
/// servers). Each sandbox is a bubblewrap container (<see cref="BubblewrapCommand"/>) with its own user, PID, network,
/// IPC and UTS namespaces: <c>kill(-1)</c> reaches only its own processes, which all die with its init and, through
/// <c>--die-with-parent</c>, with the web process; no network at all (a Unix socket given in
/// <see cref="SandboxCommand.SocketPath"/> is the only way out); a fresh <c>/proc</c>, a minimal <c>/dev</c>, empty
/// private <c>/tmp</c> and <c>/dev/shm</c>; of the host only <c>/usr</c> (and its <c>/lib</c> links), the command's
/// read-only paths and its run folder; a clean environment; its own uid as root (<see cref="SandboxUids"/>), no
/// capabilities, no new user namespaces. The whole tree's processes, memory and CPU are limited through a cgroup per
/// run where the host has them, rlimits otherwise (<see cref="SandboxCapabilities.Limits"/>), plus a wall-clock limit.
/// <para>Run folders are <c>{DataDirectory}/sandbox/o&lt;pid&gt;-&lt;start&gt;-&lt;guid&gt;[-u&lt;uid&gt;]</c> (or under
/// <c>{temp}/workbench-sandbox-&lt;hash&gt;</c> when the data directory is not searchable by other uids), named after the
/// web process that made them; the cgroups carry the same prefix. At start-up <see cref="SandboxJanitor"/> kills and
/// removes those of web processes that are gone (a <c>kill -9</c> of the web process), never a live one's.</para>
/// <para>Processes are started from one dedicated thread that lives as long as the web process:
/// <c>PR_SET_PDEATHSIG</c> (behind <c>--die-with-parent</c>) fires when the forking <em>thread</em> exits, so a
/// thread-pool thread that retires would kill a running sandbox.</para>
/// </summary>
public sealed partial class SandboxLauncher
{
    private static readonly BlockingCollection<(ProcessStartInfo Info, TaskCompletionSource<Process> Started)> Starts = [];
    private static readonly Lazy<Thread> StartThread = new(() =>
    {
        var thread = new Thread(StartLoop) { IsBackground = true, Name = "Sandbox launcher" };
        thread.Start();
        return thread;
    });

    private readonly ILogger<SandboxLauncher> _logger;
    private readonly string _owner;
    private int _commands;

    /// <summary>Creates the launcher for <c>{DataDirectory}/sandbox</c> and cleans up after dead web processes.</summary>
    /// <param name="capabilities">What this host allows (detected once).</param>
    /// <param name="options">Lab options: run folders go under <c>{DataDirectory}/sandbox</c>.</param>
    /// <param name="logger">Logger.</param>
    public SandboxLauncher(SandboxCapabilities capabilities, IOptions<LabOptions> options, ILogger<SandboxLauncher> logger)
        : this(capabilities, ChooseRunRoot(Path.GetFullPath((options ?? throw new ArgumentNullException(nameof(options))).Value.DataDirectory),
            (capabilities ?? throw new ArgumentNullException(nameof(capabilities))).PerRunUid), logger)
    {
    }

    internal SandboxLauncher(SandboxCapabilities capabilities, string runRoot, ILogger<SandboxLauncher> logger)
    {
        Capabilities = capabilities;
        RunRoot = runRoot;
        _logger = logger;
        _owner = OwnerPrefix(Environment.ProcessId, SandboxProcessTree.StartTicksOf(Environment.ProcessId) ?? 0);
        if (OperatingSystem.IsLinux()) SandboxJanitor.Sweep(runRoot, capabilities.Cgroups, logger);
    }

    /// <summary>What this host allows.</summary>
    public SandboxCapabilities Capabilities { get; }

    /// <summary>The folder holding the run folders.</summary>
    public string RunRoot { get; }

    /// <summary>A new, empty run folder for one sandbox (its working directory, the one writable host path). It is
    /// root's until <see cref="StartAsync"/> gives it to the run's uid; delete it with <see cref="DeleteRunDirectory"/>.</summary>
    /// <exception cref="SandboxUnavailableException">No sandbox can start here.</exception>
    public string CreateRunDirectory()
    {
        ThrowIfUnavailable();
        if (!OperatingSystem.IsLinux()) throw new SandboxUnavailableException("The sandbox needs Linux.");
        const UnixFileMode owner = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
        // Traversable, not listable: bwrap runs as the run's uid and must reach its own folder by path.
        const UnixFileMode traverse = owner | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        Directory.CreateDirectory(RunRoot);
        File.SetUnixFileMode(RunRoot, Capabilities.PerRunUid ? traverse : owner);
        var name = _owner + Guid.NewGuid().ToString("N")
            + (Capabilities.PerRunUid ? FormattableString.Invariant($"-u{SandboxUids.Allocate()}") : "");
        var directory = Path.Combine(RunRoot, name);
        Directory.CreateDirectory(directory);
        File.SetUnixFileMode(directory, owner); // set explicitly: not masked by the umask
        return directory;
    }

    /// <summary>Deletes a run folder (after its sandbox has ended) and frees its uid.</summary>
    public void DeleteRunDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning(e, "Could not delete sandbox directory {Directory}.", directory);
        }
        if (UidOf(directory) is { } uid) SandboxUids.Release(uid);
    }

    /// <summary>Starts <paramref name="command"/> in a new sandbox.</summary>
    /// <param name="command">What to run, in a folder from <see cref="CreateRunDirectory"/>.</param>
    /// <param name="cancellationToken">Stops before the start.</param>
    /// <returns>The running sandbox; dispose it to kill what is left.</returns>
    /// <exception cref="SandboxUnavailableException">No sandbox can start here (the message says why and how to fix it).</exception>
    /// <exception cref="ArgumentException">The file name is not absolute, or the run folder is not one of this launcher's.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A limit is out of range.</exception>
    public async Task<SandboxProcess> StartAsync(SandboxCommand command, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(command);
        ThrowIfUnavailable();
        command.Limits.Validate();
        if (!Path.IsPathFullyQualified(command.FileName))
            throw new ArgumentException($"The sandboxed program must be an absolute path, not '{command.FileName}'.", nameof(command));
        var directory = Path.GetFullPath(command.RunDirectory);
        if (Path.GetDirectoryName(directory) != RunRoot || !Directory.Exists(directory) || !RunName().IsMatch(Path.GetFileName(directory)))
            throw new ArgumentException($"'{command.RunDirectory}' is not a run folder of this launcher (use CreateRunDirectory).", nameof(command));
        cancellationToken.ThrowIfCancellationRequested();

        var uid = UidOf(directory);
        var name = FormattableString.Invariant($"{Path.GetFileName(directory)}-c{Interlocked.Increment(ref _commands)}");
        var cgroup = Capabilities.Cgroups?.Create(name, command.Limits);
        try
        {
            if (uid is { } id) SandboxNative.Chown(directory, id, id);
            var info = BubblewrapCommand.Create(command with { RunDirectory = directory }, Capabilities, cgroup, uid);
            var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
            _ = StartThread.Value;
            Starts.Add((info, started), cancellationToken);
            return new SandboxProcess(await started.Task, command, cgroup, uid);
        }
        catch
        {
            cgroup?.Dispose();
            throw;
        }
    }

    /// <summary><c>{data}/sandbox</c>, or, when a per-run uid could not reach it (a folder above it is not searchable
    /// by others, as <c>mktemp -d</c> makes them), <c>{temp}/workbench-sandbox-&lt;hash of the data path&gt;</c>: bwrap
    /// runs as the run's uid and must resolve its run folder's path.</summary>
    internal static string ChooseRunRoot(string dataDirectory, bool perRunUid)
    {
        var preferred = Path.Combine(dataDirectory, "sandbox");
        for (var folder = new DirectoryInfo(dataDirectory); perRunUid && folder is not null; folder = folder.Parent)
        {
            if (!OperatingSystem.IsLinux() || !folder.Exists || (folder.UnixFileMode & UnixFileMode.OtherExecute) != 0) continue;
            var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(dataDirectory)));
            return Path.Combine(Path.GetTempPath(), "workbench-sandbox-" + hash[..12].ToLowerInvariant());
        }
        return preferred;
    }

    internal static string OwnerPrefix(int pid, long startTicks) => FormattableString.Invariant($"o{pid}-{startTicks}-");

    /// <summary>Run folder and cgroup names: owner pid, owner start time, guid, optional uid, optional command number.</summary>
    [GeneratedRegex(@"^o(?<pid>\d+)-(?<start>\d+)-[0-9a-f]{32}(-u(?<uid>\d+))?(-c\d+)?$")]
    internal static partial Regex RunName();

    internal static int? UidOf(string directory) =>
        RunName().Match(Path.GetFileName(directory)) is { Success: true } match && match.Groups["uid"].Success
            ? int.Parse(match.Groups["uid"].Value, CultureInfo.InvariantCulture)
            : null;

    private void ThrowIfUnavailable()
    {
        if (Capabilities.UnavailableReason is { } reason) throw new SandboxUnavailableException(reason);
    }

    private static void StartLoop()
    {
        foreach (var (info, started) in Starts.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(info) ?? throw new SandboxUnavailableException("The sandbox process did not start."));
            }
            catch (Exception e)
            {
                started.SetException(e); // handed to the caller, who sees it with its stack
            }
        }
    }
}
