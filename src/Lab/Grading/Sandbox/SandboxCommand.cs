using Workbench.Lab.Content;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>A command to run inside the sandbox (<see cref="SandboxLauncher.StartAsync"/>): a grading run, the
/// agent's <c>bash</c> tool, a student's MCP server. It sees only what is listed here (see
/// <see cref="SandboxLauncher"/> for the whole picture).</summary>
/// <param name="FileName">Absolute path of the program as the sandbox sees it (for example <c>/bin/sh</c>; the
/// host's <c>/usr</c> is visible read-only, and so is every folder in <see cref="ReadOnlyPaths"/>).</param>
/// <param name="Arguments">Its arguments.</param>
/// <param name="RunDirectory">The run folder from <see cref="SandboxLauncher.CreateRunDirectory"/>: the working
/// directory, the one writable host path, visible at its own path.</param>
/// <param name="Limits">Limits of the whole process tree.</param>
public sealed record SandboxCommand(string FileName, IReadOnlyList<string> Arguments, string RunDirectory, SandboxTreeLimits Limits)
{
    /// <summary>Host folders or files made visible read-only at their own paths (for example the folder of the
    /// sandbox executable). <c>appsettings*.json</c> files directly in a listed folder read as empty.</summary>
    public IReadOnlyList<string> ReadOnlyPaths { get; init; } = [];

    /// <summary>A Unix socket made reachable at its own path (the grading gateway), or null. With no network at all,
    /// this is the only way out.</summary>
    public string? SocketPath { get; init; }

    /// <summary>The whole environment of the command (nothing is inherited from the web process).
    /// <c>PATH</c>, <c>HOME</c> (= the run folder) and <c>LANG</c> are set unless given here.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
}

/// <summary>Limits of a sandbox's whole process tree, enforced by the launcher (see
/// <see cref="SandboxCapabilities.Limits"/> for the mechanism in force).</summary>
/// <param name="WallTime">Wall-clock time from start; &gt; 0.</param>
/// <param name="CpuTime">CPU time (user + system) of all processes of the tree together; &gt; 0.</param>
/// <param name="MemoryBytes">Memory of the whole tree in bytes (the cgroup's charge: resident memory, tmpfs files
/// in the sandbox's <c>/tmp</c> and <c>/dev/shm</c>, page cache), ≥ 16 MiB.</param>
/// <param name="MaxProcesses">Processes and threads alive at once in the tree (a .NET process has ~20 threads);
/// ≥ 1.</param>
public sealed record SandboxTreeLimits(TimeSpan WallTime, TimeSpan CpuTime, long MemoryBytes, int MaxProcesses)
{
    /// <summary>The process/thread limit of a grading run: a .NET sandbox uses about 20.</summary>
    public const int DefaultMaxProcesses = 128;

    /// <summary>The limits of a grading run: the exercise's, and <see cref="DefaultMaxProcesses"/>.</summary>
    /// <param name="limits">The exercise's limits.</param>
    public static SandboxTreeLimits From(SandboxLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        return new(limits.WallTime, limits.CpuTime, limits.MemoryBytes, DefaultMaxProcesses);
    }

    /// <summary>Throws unless every limit is in range.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A limit out of its range (the message names it).</exception>
    public void Validate()
    {
        if (WallTime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(WallTime), WallTime, "The wall-time limit must be > 0.");
        if (CpuTime <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(CpuTime), CpuTime, "The CPU-time limit must be > 0.");
        if (MemoryBytes < 16L << 20) throw new ArgumentOutOfRangeException(nameof(MemoryBytes), MemoryBytes, "The memory limit must be ≥ 16 MiB.");
        if (MaxProcesses < 1) throw new ArgumentOutOfRangeException(nameof(MaxProcesses), MaxProcesses, "The process limit must be ≥ 1.");
    }
}
