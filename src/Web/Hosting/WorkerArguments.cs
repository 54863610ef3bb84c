namespace Workbench.Web.Hosting;

/// <summary>Command-line switches of the worker mode of the <c>Workbench.Web</c> executable.</summary>
public static class WorkerArguments
{
    /// <summary>Runs the engine worker (<c>EngineWorkerHost</c>) instead of the web app.</summary>
    public const string EngineWorkerFlag = "--engine-worker";

    /// <summary>Followed by the supervising web process's id: the worker exits when that process is gone.</summary>
    public const string ParentPidOption = "--parent-pid";

    /// <summary>Whether <paramref name="args"/> select worker mode.</summary>
    /// <param name="args">The process arguments.</param>
    public static bool IsWorker(string[] args) => args.Contains(EngineWorkerFlag, StringComparer.Ordinal);

    /// <summary>The arguments without <see cref="EngineWorkerFlag"/> (a valueless switch would otherwise swallow
    /// the next argument as its value when the host parses the command line).</summary>
    /// <param name="args">The process arguments.</param>
    public static string[] WithoutWorkerFlag(string[] args) =>
        [.. args.Where(a => !string.Equals(a, EngineWorkerFlag, StringComparison.Ordinal))];

    /// <summary>The parent process id given with <see cref="ParentPidOption"/> (<c>--parent-pid 123</c> or
    /// <c>--parent-pid=123</c>), or null.</summary>
    /// <param name="args">The process arguments.</param>
    public static int? ParentPid(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            var value = args[i] == ParentPidOption && i + 1 < args.Length ? args[i + 1]
                : args[i].StartsWith(ParentPidOption + "=", StringComparison.Ordinal) ? args[i][(ParentPidOption.Length + 1)..]
                : null;
            if (value is not null && int.TryParse(value, out var pid)) return pid;
        }
        return null;
    }
}
