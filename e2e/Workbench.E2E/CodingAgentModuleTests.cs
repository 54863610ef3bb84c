using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Workbench.TestSupport.ScriptedOpenAi;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The coding agent page in Chromium on the real app, with a backend pointing at a scripted
/// OpenAI-compatible server hosted in the test process: a verify-on-edit run on a Python task reads the file, makes a
/// broken edit (rolled back with the syntax error), a non-unique edit (refused), a good edit (nudged), runs the
/// tests with bash and answers; the trajectory fills live, the diff editor opens the edit, the hidden tests pass;
/// axe finds no serious violations.</summary>
[Collection(CodingAgentAppCollection.Name)]
public sealed class CodingAgentModuleTests(CodingAgentApp app)
{
    [Fact]
    public async Task CodingAgentPage_VerifyOnEditRun_RollsBackRefusesNudgesAndPasses()
    {
        var page = await app.OpenReadyAsync("modules/coding-agent");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Coding agent");
        var run = page.GetByRole(AriaRole.Region, new() { Name = "Coding agent run" });
        await run.GetByLabel("Backend", new() { Exact = true }).SelectOptionAsync(CodingAgentApp.BackendName);
        await run.GetByLabel("Task", new() { Exact = true }).SelectOptionAsync(CodingAgentApp.TaskId);
        await Expect(run.GetByLabel("Verify-on-edit", new() { Exact = true })).ToBeCheckedAsync();
        await Expect(run.GetByLabel("Nudge text")).ToContainTextAsync("run the tests");
        await run.GetByRole(AriaRole.Button, new() { Name = "Start the agent" }).ClickAsync();
        await Expect(run.GetByRole(AriaRole.Button, new() { Name = "Start the agent" })).ToBeDisabledAsync();

        var steps = run.GetByRole(AriaRole.List, new() { Name = "Steps" });
        await Expect(steps.Locator("> li").First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(run.GetByLabel("Run status")).ToContainTextAsync("tests passed", new() { Timeout = 90_000 });
        await Expect(steps.Locator("> li")).ToHaveCountAsync(6);
        var step2 = steps.GetByRole(AriaRole.Listitem, new() { Name = "Step 2", Exact = true });
        await Expect(step2.GetByLabel("Result state")).ToHaveTextAsync("rolled back");
        await Expect(step2.GetByLabel("Syntax error")).ToContainTextAsync("calc.py");
        var step3 = steps.GetByRole(AriaRole.Listitem, new() { Name = "Step 3", Exact = true });
        await Expect(step3.GetByLabel("Result state")).ToHaveTextAsync("refused");
        var step4 = steps.GetByRole(AriaRole.Listitem, new() { Name = "Step 4", Exact = true });
        await Expect(step4.GetByLabel("Result state")).ToHaveTextAsync("edited");
        await Expect(step4.GetByRole(AriaRole.Note, new() { Name = "Nudge" })).ToContainTextAsync("run the tests");
        await Expect(run.GetByLabel("Tests verdict")).ToHaveTextAsync("tests passed");

        // "Show diff" on the kept edit opens it in Monaco's diff editor.
        await step4.GetByRole(AriaRole.Button, new() { NameRegex = new Regex("^Show diff") }).ClickAsync();
        await Expect(run.GetByLabel("Diff caption")).ToContainTextAsync("calc.py: before → after, kept");
        var diff = run.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Diff editor") });
        await Expect(diff.Locator(".monaco-diff-editor")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(diff.Locator(".modified-in-monaco-diff-editor")).ToContainTextAsync("return a + b");
        await Expect(run.GetByRole(AriaRole.Region, new() { NameRegex = new Regex("^Editor: calc.py") }).Locator(".view-lines").First).ToContainTextAsync("return a + b");
        await Expect(run.GetByRole(AriaRole.Link, new() { Name = "Export JSONL" })).ToHaveAttributeAsync("href", new Regex("^api/agent/runs/[0-9a-f]{32}/export$"));

        Assert.Contains(app.Server.Requests, r => r.Authorization == "Bearer " + CodingAgentApp.ApiKey);
        await Screenshots.SaveAsync(page, "coding-agent.png", fullPage: false);
        await run.GetByRole(AriaRole.Region, new() { Name = "Workspace" }).ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "agent-run-workspace.png", fullPage: false);
        await step2.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "agent-run-trajectory.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the coding agent page after a run");
    }

    /// <summary>The A/B runner from the page on the Python tasks (lab 08's six and the e2e task), one seed: the script
    /// fixes only the e2e task, and only when verify-on-edit rolls its broken first edit back — so exactly 1 of 7 with
    /// verify-on-edit and 0 of 7 without.</summary>
    [Fact]
    public async Task CodingAgentPage_Experiment_OnTheScriptedBackend_CountsExactly()
    {
        var page = await app.OpenReadyAsync("modules/coding-agent");
        var widget = page.GetByRole(AriaRole.Region, new() { Name = "A/B experiment: verify-on-edit" });
        await widget.GetByLabel("Experiment backend", new() { Exact = true }).SelectOptionAsync(CodingAgentApp.BackendName);
        await widget.GetByLabel("Tasks", new() { Exact = true }).SelectOptionAsync("python");
        await widget.GetByLabel("Seeds (N)", new() { Exact = true }).FillAsync("1");
        await widget.GetByLabel("Seeds (N)", new() { Exact = true }).BlurAsync();
        await widget.GetByLabel("Max steps", new() { Exact = true }).FillAsync("6");
        await widget.GetByLabel("Max steps", new() { Exact = true }).BlurAsync();
        await Expect(widget).ToContainTextAsync("7 tasks × 2 arms × 1 seed = 14 agent runs");
        await widget.GetByRole(AriaRole.Button, new() { Name = "Run the experiment" }).ClickAsync();
        await Expect(widget.GetByRole(AriaRole.Button, new() { Name = "Cancel the experiment" })).ToBeEnabledAsync();

        await Expect(widget.GetByRole(AriaRole.Row, new() { Name = "Arm verify-on-edit on" })).ToContainTextAsync("1 / 7", new() { Timeout = 240_000 });
        await Expect(widget.GetByRole(AriaRole.Row, new() { Name = "Arm verify-on-edit off" })).ToContainTextAsync("0 / 7");
        var task = widget.GetByRole(AriaRole.Row, new() { Name = $"Task {CodingAgentApp.TaskId}" });
        await Expect(task.Locator("td").Nth(2)).ToHaveTextAsync("0 / 1");
        await Expect(task.Locator("td").Nth(3)).ToHaveTextAsync("1 / 1");
        await Expect(widget.GetByRole(AriaRole.Group, new() { Name = "What differs from the reference" })).ToContainTextAsync("45");
        await Expect(widget.GetByRole(AriaRole.Button, new() { Name = "Run the experiment" })).ToBeEnabledAsync();

        await widget.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "agent-experiment.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the coding agent page after an experiment");
    }
}

/// <summary>The app with backend <c>scripted</c> at a <see cref="ScriptedOpenAiServer"/> and a task folder root
/// holding the task <see cref="TaskId"/>.</summary>
public sealed class CodingAgentApp : WorkbenchApp
{
    public const string BackendName = "scripted", ApiKey = "e2e-scripted-key", TaskId = "e2e-fix-add";
    private readonly string _tasks = Directory.CreateTempSubdirectory("wb-e2e-tasks-").FullName;

    /// <summary>The scripted model's server.</summary>
    public ScriptedOpenAiServer Server { get; private set; } = default!;

    /// <inheritdoc />
    public override async Task InitializeAsync()
    {
        var task = Directory.CreateDirectory(Path.Combine(_tasks, TaskId)).FullName;
        File.WriteAllText(Path.Combine(task, "task.md"), "# Fix add\n\n`add` in calc.py subtracts. Fix it.\n");
        File.WriteAllText(Path.Combine(task, "task.json"), """{"test_command": "python3 test_calc.py", "language": "python"}""");
        File.WriteAllText(Path.Combine(task, "calc.py"), "def add(a, b):\n    return a - b\n\n\ndef sub(a, b):\n    return a - b\n");
        File.WriteAllText(Path.Combine(task, "check.py"), "from calc import add\nassert add(2, 3) == 5\nprint('ok')\n");
        Directory.CreateDirectory(Path.Combine(task, "hidden"));
        File.WriteAllText(Path.Combine(task, "hidden", "test_calc.py"), "from calc import add, sub\nassert add(2, 3) == 5\nassert sub(5, 3) == 2\nprint('hidden tests passed')\n");
        Server = await ScriptedOpenAiServer.StartAsync(ScriptedModels.Conversation(
            _ => ScriptedReply.ToolCall("read_file", """{"path":"calc.py"}"""),
            _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"def add(a, b):\n    return a - b","new_string":"def add(a, b):\n    return a +"}"""),
            _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"return a - b","new_string":"return a + b"}"""),
            _ => ScriptedReply.ToolCall("edit_file", """{"path":"calc.py","old_string":"def add(a, b):\n    return a - b","new_string":"def add(a, b):\n    return a + b"}"""),
            _ => ScriptedReply.ToolCall("bash", """{"command":"python3 check.py"}"""),
            _ => ScriptedReply.Text("Fixed add in calc.py: it returned a - b; check.py prints ok.")));
        await base.InitializeAsync();
    }

    /// <inheritdoc />
    protected override IEnumerable<string> ExtraArguments =>
    [
        $"--Backends:{BackendName}:BaseUrl={Server.BaseUrl}",
        $"--Backends:{BackendName}:Model={Server.ModelName}",
        $"--Backends:{BackendName}:ApiKey={ApiKey}",
        "--Agent:TaskDirectories:0=labs/08-coding-agent/tasks",
        $"--Agent:TaskDirectories:1={_tasks}",
    ];

    /// <inheritdoc />
    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        await Server.DisposeAsync();
        try { Directory.Delete(_tasks, recursive: true); } catch (IOException) { }
    }
}

/// <summary>The coding agent's end-to-end tests share one app with the scripted backend.</summary>
[CollectionDefinition(Name)]
public sealed class CodingAgentAppCollection : ICollectionFixture<CodingAgentApp>
{
    /// <summary>The collection name.</summary>
    public const string Name = "coding-agent";
}
