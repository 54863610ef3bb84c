using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Engine.Models;

namespace Workbench.Lab.Agent;

/// <summary>
/// The agent tasks under <see cref="AgentOptions.TaskDirectories"/>: every sub-folder of a root is one
/// <see cref="AgentTask"/> (folders starting with '.' are skipped), loaded once at construction. Ids are folder names;
/// the first root wins when two hold the same id.
/// </summary>
public sealed class AgentTaskCatalog
{
    private readonly IReadOnlyList<string> _roots;
    private readonly Dictionary<string, AgentTask> _tasks = new(StringComparer.Ordinal);

    /// <summary>Loads every task of the configured roots.</summary>
    /// <param name="options">Agent options (roots already resolved to full paths).</param>
    /// <param name="logger">Logger.</param>
    /// <exception cref="AgentTaskException">A task folder is broken (the message names the file; see
    /// <see cref="AgentTask.Load"/>) — at start-up, so a bad task never reaches a student.</exception>
    public AgentTaskCatalog(IOptions<AgentOptions> options, ILogger<AgentTaskCatalog> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        var roots = new List<string>();
        foreach (var configured in options.Value.TaskDirectories)
        {
            var root = Path.GetFullPath(configured);
            if (!Directory.Exists(root))
            {
                logger.LogWarning("Agent task folder {Root} does not exist; skipped.", root);
                continue;
            }
            roots.Add(RealPath.Resolve(root) ?? root);
            foreach (var directory in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
            {
                if (Path.GetFileName(directory).StartsWith('.')) continue;
                var task = AgentTask.Load(directory);
                if (!_tasks.TryAdd(task.Id, task))
                    logger.LogWarning("Agent task {Id} in {Root} is shadowed by one in an earlier root.", task.Id, root);
            }
        }
        _roots = roots;
        Tasks = [.. _tasks.Values.OrderBy(t => t.Id, StringComparer.Ordinal)];
    }

    /// <summary>Every task, by id (ordinal).</summary>
    public IReadOnlyList<AgentTask> Tasks { get; }

    /// <summary>The configured roots that exist, as real paths (symbolic links resolved).</summary>
    public IReadOnlyList<string> Roots => _roots;

    /// <summary>The task with this id, or null.</summary>
    public AgentTask? Get(string id) => id is not null && _tasks.TryGetValue(id, out var task) ? task : null;

    /// <summary>
    /// The real path of <paramref name="path"/> (every symbolic link on the way resolved) when it is an existing
    /// folder strictly inside one of the roots; otherwise null. Use it for <c>task_dir</c> in API requests: a path
    /// outside the roots, <c>..</c> tricks and links that lead out are all refused.
    /// </summary>
    /// <param name="path">A folder path (absolute, or relative to the current directory).</param>
    public string? ResolveTaskDirectory(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || path.Contains('\0', StringComparison.Ordinal)) return null;
        string? real;
        try
        {
            var full = Path.GetFullPath(path);
            if (!Directory.Exists(full)) return null;
            real = RealPath.Resolve(full);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            return null;
        }
        return real is not null && _roots.Any(root => RealPath.IsInside(real, root)) ? real : null;
    }
}
