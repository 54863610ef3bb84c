using System.Globalization;
using Microsoft.Extensions.Logging;
using Workbench.Lab.Grading.Sandbox;

namespace Workbench.Lab.Agent.Sandboxed;

/// <summary>
/// Runs shell commands in an agent run's workspace, in the sandbox (<see cref="SandboxLauncher"/>): the agent's
/// <c>bash</c> tool, the Python syntax check and the hidden test run all go through <see cref="RunAsync"/>.
/// <para>The workspace <em>is</em> a run folder from <see cref="CreateWorkspace"/> (=
/// <see cref="SandboxLauncher.CreateRunDirectory"/>): the command's working directory and the only writable host
/// path. A command is <c>/bin/sh -c &lt;command&gt;</c> with standard error joined to standard output (one pipe, so
/// the order is the order written) and standard input empty, under whole-tree limits: wall time = the timeout
/// (default <see cref="DefaultTimeout"/>), CPU time = the same, memory <see cref="MemoryBytes"/>, at most
/// <see cref="MaxProcesses"/> processes and threads. No network; of the host only <c>/usr</c> (so
/// <c>/usr/bin/python3</c>) and, read-only, the folder of the <c>Workbench.Sandbox</c> executable, whose
/// <c>agent-bin/</c> comes first on <c>PATH</c>: <c>cstest &lt;folder&gt;</c> compiles and runs C# tests there
/// (see <c>src/Sandbox/CSharpTestHost.cs</c> for the convention). Environment: <c>PATH</c>, <c>HOME</c> = the
/// workspace, <c>LANG=C.UTF-8</c>, <c>TERM=dumb</c>, <c>PYTHONDONTWRITEBYTECODE=1</c> (no <c>__pycache__</c> in
/// the diff), and the .NET settings a sandboxed runtime needs (workstation GC, a 512 MiB heap limit, no diagnostics
/// socket).</para>
/// <para>Before each command every entry of the workspace is given to the run's uid (<c>lchown</c>, never following a
/// link; when the web runs as root with per-run uids), so files the host copied or edited are the sandbox's to
/// change. Run one command at a time per workspace: the walk assumes no sandbox of that workspace is alive (every
/// process of a command dies with it).</para>
/// </summary>
public sealed class AgentCommandRunner
{
    /// <summary>The output kept, in bytes (16 KiB): the first and the last 8 KiB.</summary>
    public const int OutputLimitBytes = 16 * 1024;

    /// <summary>The marker between the kept head and tail of a long output; <c>{0}</c> is the number of bytes left out.</summary>
    public const string TruncationMarker = "\n[… {0} bytes of output left out …]\n";

    /// <summary>Memory of the whole process tree: 768 MiB.</summary>
    public const long MemoryBytes = 768L << 20;

    /// <summary>Processes and threads alive at once (a .NET process such as <c>cstest</c> has about 20).</summary>
    public const int MaxProcesses = 128;

    /// <summary>Entries of a workspace given to the sandbox's uid before a command, at most; past that the walk stops
    /// (a workspace with more files is a run gone wrong, and the files the host wrote come first in no order).</summary>
    public const int MaxWorkspaceEntries = 20_000;

    /// <summary>The timeout when none is given: 60 s.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(60);

    /// <summary>The longest timeout accepted: 10 minutes.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Joins standard error to standard output, then runs the command (<c>$1</c>) in a fresh shell, so the
    /// command's own text and line numbers are what the model wrote.</summary>
    private const string JoinOutputs = "exec 2>&1; exec /bin/sh -c \"$1\"";

    private readonly SandboxLauncher _launcher;
    private readonly string _sandboxDirectory;
    private readonly ILogger<AgentCommandRunner> _logger;

    /// <summary>Creates the runner; the sandbox executable's folder is this app's (<see cref="AppContext.BaseDirectory"/>).</summary>
    /// <param name="launcher">Starts the sandboxes and owns the run folders.</param>
    /// <param name="logger">Logger.</param>
    public AgentCommandRunner(SandboxLauncher launcher, ILogger<AgentCommandRunner> logger)
        : this(launcher, AppContext.BaseDirectory, logger)
    {
    }

    internal AgentCommandRunner(SandboxLauncher launcher, string sandboxDirectory, ILogger<AgentCommandRunner> logger)
    {
        ArgumentNullException.ThrowIfNull(launcher);
        _launcher = launcher;
        _sandboxDirectory = Path.GetFullPath(sandboxDirectory);
        _logger = logger;
        if (!File.Exists(CSharpTestCommand))
            logger.LogWarning("{Command} is missing: C# tasks' tests cannot run (the app must reference Workbench.Sandbox).", CSharpTestCommand);
    }

    /// <summary>The folder put first on the sandbox's <c>PATH</c> (<c>cstest</c>).</summary>
    public string AgentBinDirectory => Path.Combine(_sandboxDirectory, "agent-bin");

    /// <summary>The host path of the <c>cstest</c> script.</summary>
    public string CSharpTestCommand => Path.Combine(AgentBinDirectory, "cstest");

    /// <summary>A new, empty workspace: a run folder of the launcher. Delete it with <see cref="DeleteWorkspace"/>.</summary>
    /// <exception cref="SandboxUnavailableException">No sandbox can start here.</exception>
    public string CreateWorkspace() => _launcher.CreateRunDirectory();

    /// <summary>Deletes a workspace (after its last command) and frees its uid.</summary>
    /// <param name="workspaceRunDirectory">A folder from <see cref="CreateWorkspace"/>.</param>
    public void DeleteWorkspace(string workspaceRunDirectory) => _launcher.DeleteRunDirectory(workspaceRunDirectory);

    /// <summary>
    /// Runs <c>/bin/sh -c <paramref name="command"/></c> in the workspace, in the sandbox, and waits for its end or
    /// its first limit.
    /// </summary>
    /// <param name="workspaceRunDirectory">A folder from <see cref="CreateWorkspace"/> (or
    /// <see cref="SandboxLauncher.CreateRunDirectory"/>): the working directory.</param>
    /// <param name="command">A shell command line (POSIX <c>sh</c>), as the model or task.json wrote it.</param>
    /// <param name="timeout">Wall-clock and CPU limit, in (0, <see cref="MaxTimeout"/>]; null = <see cref="DefaultTimeout"/>.</param>
    /// <param name="cancellationToken">Kills the command's whole tree and stops waiting.</param>
    /// <returns>Exit code, output (bounded), the limit that killed it, the wall time. A command that fails or is
    /// killed is a result, not an exception.</returns>
    /// <exception cref="ArgumentException">The command is empty or holds a NUL character, or the folder is not a
    /// run folder of the launcher.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The timeout is out of range.</exception>
    /// <exception cref="SandboxUnavailableException">No sandbox can start here.</exception>
    /// <exception cref="OperationCanceledException">Cancelled (the tree was killed).</exception>
    public async Task<AgentCommandResult> RunAsync(string workspaceRunDirectory, string command, TimeSpan? timeout, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(workspaceRunDirectory);
        if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("The command is empty.", nameof(command));
        if (command.Contains('\0', StringComparison.Ordinal)) throw new ArgumentException("The command holds a NUL character.", nameof(command));
        var limit = timeout ?? DefaultTimeout;
        if (limit <= TimeSpan.Zero || limit > MaxTimeout)
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, $"The timeout must be within (0, {MaxTimeout.TotalSeconds:0}] s.");
        var workspace = Path.GetFullPath(workspaceRunDirectory);
        cancellationToken.ThrowIfCancellationRequested();

        GrantToSandbox(workspace);
        var sandboxCommand = new SandboxCommand("/bin/sh", ["-c", JoinOutputs, "sh", command], workspace,
            new SandboxTreeLimits(limit, limit, MemoryBytes, MaxProcesses))
        {
            ReadOnlyPaths = Directory.Exists(_sandboxDirectory) ? [_sandboxDirectory] : [],
            Environment = new Dictionary<string, string>
            {
                ["PATH"] = AgentBinDirectory + ":/usr/local/bin:/usr/bin:/bin",
                ["HOME"] = workspace,
                ["LANG"] = "C.UTF-8",
                ["TERM"] = "dumb",
                ["PYTHONDONTWRITEBYTECODE"] = "1",
                ["DOTNET_gcServer"] = "0",
                ["DOTNET_GCHeapHardLimit"] = (512L << 20).ToString("X", CultureInfo.InvariantCulture), // hexadecimal, as the runtime reads it
                ["DOTNET_EnableDiagnostics"] = "0",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
        };

        using var sandbox = await _launcher.StartAsync(sandboxCommand, cancellationToken);
        sandbox.Process.StandardInput.Close();
        var output = new BoundedOutput(OutputLimitBytes);
        var reading = Task.WhenAll(
            output.DrainAsync(sandbox.Process.StandardOutput.BaseStream),
            output.DrainAsync(sandbox.Process.StandardError.BaseStream)); // bwrap's own errors, before the join
        var exit = await sandbox.WaitForExitAsync(cancellationToken);
        // Every process of the sandbox is dead with its init, so the pipes close; the delay only bounds a surprise.
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5), CancellationToken.None));
        sandbox.Kill();
        var result = new AgentCommandResult(exit.ExitCode, output.ToText(TruncationMarker), output.Truncated,
            exit.ExceededLimit, exit.Duration.TotalMilliseconds);
        _logger.LogDebug("Agent command in {Workspace}: exit {Exit}, limit {Limit}, {Bytes} bytes of output, {Ms} ms.",
            Path.GetFileName(workspace), result.ExitCode, result.ExceededLimit, output.TotalBytes, (int)result.Ms);
        return result;
    }

    /// <summary>Gives every entry of the workspace (the folder itself included) to the run's uid, without following
    /// links (<c>lchown</c>); nothing to do when the sandbox runs as the current user. <see cref="RunAsync"/> calls it
    /// before each command.</summary>
    /// <param name="workspaceRunDirectory">A folder from <see cref="CreateWorkspace"/>.</param>
    /// <exception cref="IOException">An entry could not be given (the message is libc's).</exception>
    public void GrantToSandbox(string workspaceRunDirectory)
    {
        if (SandboxLauncher.UidOf(Path.GetFullPath(workspaceRunDirectory)) is not { } uid) return;
        var seen = 0;
        var pending = new Stack<DirectoryInfo>([new DirectoryInfo(workspaceRunDirectory)]);
        SandboxNative.Lchown(workspaceRunDirectory, uid, uid);
        while (pending.TryPop(out var directory))
        {
            foreach (var entry in directory.EnumerateFileSystemInfos())
            {
                if (++seen > MaxWorkspaceEntries)
                {
                    _logger.LogWarning("Workspace {Workspace} has over {Max} entries; the rest keep their owner.", workspaceRunDirectory, MaxWorkspaceEntries);
                    return;
                }
                SandboxNative.Lchown(entry.FullName, uid, uid);
                if (entry is DirectoryInfo sub && sub.LinkTarget is null) pending.Push(sub);
            }
        }
    }
}
