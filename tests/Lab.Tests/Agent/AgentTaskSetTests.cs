using Microsoft.Extensions.Logging.Abstractions;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Agent;
using Workbench.Lab.Agent.Sandboxed;
using Workbench.Lab.Tests.Grading;

namespace Workbench.Lab.Tests.Agent;

/// <summary>
/// The honesty of lab 08's task set (<c>labs/08-coding-agent/tasks</c>), in the real sandbox through
/// <see cref="AgentCommandRunner"/>: every task's hidden tests FAIL on the task as given and PASS with its reference
/// fix (<c>tests/Lab.Tests/Agent/TaskFixes/&lt;id&gt;/</c>, files overlaid on the workspace) — so a pass in the A/B
/// runner means the agent fixed the bug, and a fail cannot come from a broken test.
/// </summary>
public sealed class AgentTaskSetTests : IDisposable
{
    private readonly SandboxShell _shell = new();
    private readonly AgentCommandRunner _runner;

    public AgentTaskSetTests() =>
        _runner = new AgentCommandRunner(_shell.Launcher, AppContext.BaseDirectory, NullLogger<AgentCommandRunner>.Instance);

    public void Dispose() => _shell.Dispose();

    public static string TasksRoot => Path.Combine(TestModels.RepoRoot, "labs", "08-coding-agent", "tasks");

    public static string FixesRoot => Path.Combine(TestModels.RepoRoot, "tests", "Lab.Tests", "Agent", "TaskFixes");

    public static TheoryData<string> TaskIds()
    {
        var data = new TheoryData<string>();
        foreach (var directory in Directory.GetDirectories(TasksRoot).Order(StringComparer.Ordinal)) data.Add(Path.GetFileName(directory));
        return data;
    }

    [Fact]
    public void TaskSet_HasSixCSharpAndSixPythonTasks_EachWithHiddenTestsAndAFix()
    {
        var tasks = Directory.GetDirectories(TasksRoot).Select(AgentTask.Load).ToList();

        Assert.True(tasks.Count(t => t.Language == AgentLanguage.CSharp) >= 6, "C# tasks");
        Assert.True(tasks.Count(t => t.Language == AgentLanguage.Python) >= 6, "Python tasks");
        foreach (var task in tasks)
        {
            Assert.NotEmpty(task.HiddenFiles());
            Assert.True(Directory.Exists(Path.Combine(FixesRoot, task.Id)), $"no reference fix for {task.Id}");
            Assert.Equal(task.Language == AgentLanguage.CSharp ? "cstest ." : "python3 -m unittest -q", task.TestCommand);
            // The hidden tests are not among the files the agent sees.
            Assert.DoesNotContain(task.WorkspaceFiles(), f => task.HiddenFiles().Contains(f));
        }
    }

    [Theory]
    [MemberData(nameof(TaskIds))]
    public async Task HiddenTests_FailAsGiven_PassWithTheReferenceFix(string id)
    {
        var task = AgentTask.Load(Path.Combine(TasksRoot, id));

        var asGiven = await RunHiddenTestsAsync(task, fix: null);
        var fixedRun = await RunHiddenTestsAsync(task, fix: Path.Combine(FixesRoot, id));

        Assert.False(asGiven.Succeeded, $"{id}: the hidden tests pass on the buggy code:\n{asGiven.Output}");
        Assert.Null(asGiven.ExceededLimit);
        Assert.True(fixedRun.Succeeded, $"{id}: the hidden tests fail with the reference fix:\n{fixedRun.Output}");
        if (task.Language == AgentLanguage.CSharp)
        {
            Assert.Contains(" failed", asGiven.Output); // a test failed: not a compile error of the test file
            Assert.DoesNotContain("error CS", asGiven.Output);
        }
        else
        {
            Assert.Matches(@"FAILED \((failures|errors)=", asGiven.Output);
        }
    }

    /// <summary>As the harness does it: the workspace files, the fix overlaid (or not), the hidden tests copied over,
    /// then the task's test command.</summary>
    private async Task<AgentCommandResult> RunHiddenTestsAsync(AgentTask task, string? fix)
    {
        var workspace = _runner.CreateWorkspace();
        try
        {
            foreach (var file in task.WorkspaceFiles()) Copy(Path.Combine(task.Directory, file), Path.Combine(workspace, file));
            if (fix is not null)
            {
                foreach (var file in Directory.EnumerateFiles(fix, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(fix, file);
                    Assert.True(File.Exists(Path.Combine(task.Directory, relative)), $"the fix adds {relative}, which the task does not have");
                    Copy(file, Path.Combine(workspace, relative));
                }
            }
            foreach (var file in task.HiddenFiles())
                Copy(Path.Combine(task.Directory, AgentTask.HiddenFolder, file), Path.Combine(workspace, file));
            return await _runner.RunAsync(workspace, task.TestCommand, null, CancellationToken.None);
        }
        finally
        {
            _runner.DeleteWorkspace(workspace);
        }
    }

    private static void Copy(string from, string to)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(to)!);
        File.Copy(from, to, overwrite: true);
    }
}
