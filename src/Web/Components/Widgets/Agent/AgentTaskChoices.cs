using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Workbench.Lab;
using Workbench.Lab.Agent;

namespace Workbench.Web.Components.Widgets.Agent;

/// <summary>
/// The tasks the agent widgets offer: every folder under <c>&lt;Lab:ContentDirectory&gt;/08-coding-agent/tasks</c>
/// and under each root of <c>Agent:TaskDirectories</c> (a list of folders; relative ones against the working
/// directory) that <see cref="AgentTask.Load"/> accepts, sorted by id; a folder it rejects is logged and skipped.
/// Stands in for the task catalogue until the widgets take it from there.
/// </summary>
public sealed class AgentTaskChoices(IOptions<LabOptions> lab, IConfiguration configuration, ILogger<AgentTaskChoices> logger)
{
    /// <summary>The lab's task folder, relative to the content directory.</summary>
    public const string LabTasksFolder = "08-coding-agent/tasks";

    /// <summary>The configuration key of the extra task roots.</summary>
    public const string TaskDirectoriesKey = "Agent:TaskDirectories";

    /// <summary>The tasks, read now (task folders are small; the list follows edits without a restart).</summary>
    public IReadOnlyList<AgentTask> List()
    {
        var roots = new List<string> { Path.Combine(lab.Value.ContentDirectory, LabTasksFolder) };
        roots.AddRange(configuration.GetSection(TaskDirectoriesKey).GetChildren().Select(c => c.Value).OfType<string>().Where(v => v.Length > 0));
        var tasks = new Dictionary<string, AgentTask>(StringComparer.Ordinal);
        foreach (var root in roots.Select(r => Path.GetFullPath(r)).Distinct(StringComparer.Ordinal).Where(Directory.Exists))
        {
            foreach (var dir in Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal))
            {
                try
                {
                    var task = AgentTask.Load(dir);
                    tasks.TryAdd(task.Id, task);
                }
                catch (AgentTaskException e)
                {
                    logger.LogWarning("Skipping agent task folder {Folder}: {Reason}", dir, e.Message);
                }
            }
        }
        return tasks.Values.OrderBy(t => t.Id, StringComparer.Ordinal).ToList();
    }
}
