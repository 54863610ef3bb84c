using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>
/// Issue 3 §6 and issue 10 §12 and §19, end to end in Chromium on the real app, worker, model and sandbox: a student
/// joins a class, opens lab 01, edits code in Monaco, submits and sees the score while the instructor's dashboard
/// updates without a reload; the student keeps their re-entry code, signs out after the warning, comes back with it
/// to their 8/8; joins, pass rates by lab, quota edits and resets are live.
/// </summary>
[Collection(ClassroomAppCollection.Name)]
public sealed class ClassroomTests(ClassroomWorkbenchApp app)
{
    private const string LabId = "01-chat-completions";
    private const string LabTitle = "Chat Completions API";
    private const string CodeExercise = "Call the chat completions endpoint";

    [Fact]
    public async Task StudentSubmitsLab01Code_InstructorDashboard_UpdatesLive()
    {
        var (instructor, className, joinCode) = await OpenNewClassDashboardAsync();
        var recent = instructor.GetByLabel("Recent submissions");

        var studentName = "Ada " + Guid.NewGuid().ToString("N")[..6];
        var (student, _) = await JoinAsync(joinCode.ToLowerInvariant(), studentName);
        await SubmitSolutionAsync(student);

        // The instructor's open dashboard shows the submission and the progress without a reload.
        await Expect(recent).ToContainTextAsync(studentName, new() { Timeout = 30_000 });
        await Expect(Cell(instructor, studentName, "8 of")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(student, "lab01.png");
        await Screenshots.SaveAsync(instructor, "dashboard.png");
        _ = className;
    }

    [Fact]
    public async Task StudentComesBackWithTheReentryCode_DashboardJoinsQuotasAndResetsAreLive()
    {
        var (instructor, className, joinCode) = await OpenNewClassDashboardAsync();
        await Expect(instructor.GetByText("No student has joined yet")).ToBeVisibleAsync();

        // Two students join: the open dashboard shows both rows without a reload.
        var name = "Grace " + Guid.NewGuid().ToString("N")[..6];
        var (student, code) = await JoinAsync(joinCode, name);
        var (classmate, _) = await JoinAsync(joinCode, "Linus " + Guid.NewGuid().ToString("N")[..6]);
        await Expect(instructor.GetByRole(AriaRole.Table, new() { Name = "Progress matrix" }).Locator("tbody tr")).ToHaveCountAsync(2, new() { Timeout = 15_000 });
        await classmate.Context.CloseAsync();

        // The code page shows the code only once.
        await student.GotoAsync("account/reentry-code");
        await Expect(student.GetByText("cannot be shown again")).ToBeVisibleAsync();
        Assert.DoesNotContain(code, await student.ContentAsync(), StringComparison.Ordinal);

        await SubmitSolutionAsync(student);
        await Expect(Cell(instructor, name, "8 of")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        // Pass rates: grouped under the lab's title, only the attempted exercise's checks listed.
        var passRates = instructor.GetByRole(AriaRole.Region, new() { Name = $"Pass rates: {LabTitle}" });
        await Expect(passRates.GetByRole(AriaRole.Heading, new() { Name = LabTitle, Level = 3 })).ToBeVisibleAsync();
        await Expect(passRates.GetByRole(AriaRole.Heading, new() { NameRegex = new Regex($"^{Regex.Escape(CodeExercise)} · 1 student graded") })).ToBeVisibleAsync();
        await Expect(instructor.GetByLabel("Passed").Filter(new() { HasTextRegex = new Regex(@"^0 / 0$") })).ToHaveCountAsync(0);
        await Expect(instructor.GetByLabel("Labs not attempted")).ToContainTextAsync("Nobody graded yet in:");
        await Screenshots.SaveAsync(instructor.Locator(".wb-dashboard-columns"), "dashboard-pass-rates.png");

        // Sign out warns first; then the student is out.
        await student.GetByRole(AriaRole.Link, new() { Name = "Sign out" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Alert, new() { Name = "Before you sign out" })).ToContainTextAsync("You need your re-entry code to come back");
        await Expect(student.GetByLabel("How to come back")).ToContainTextAsync(joinCode);
        await Screenshots.SaveAsync(student, "sign-out-warning.png");
        await student.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Group, new() { Name = "Not signed in" })).ToBeVisibleAsync();

        // Joining again with the same name is refused and points to signing back in; the code brings back the 8/8.
        await student.GotoAsync("join");
        await student.GetByLabel("Join code").FillAsync(joinCode);
        await student.GetByLabel("Display name").FillAsync(name.ToUpperInvariant());
        await student.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Alert, new() { Name = "Join error" })).ToContainTextAsync("already in the class");
        await Screenshots.SaveAsync(student, "join-name-taken.png");
        await student.GetByRole(AriaRole.Link, new() { NameRegex = new Regex("^Sign back in as ") }).ClickAsync();
        await Expect(student.GetByLabel("Join code")).ToHaveValueAsync(joinCode);
        await student.GetByLabel("Re-entry code", new() { Exact = true }).FillAsync(code.Replace("-", "", StringComparison.Ordinal).ToLowerInvariant());
        await Screenshots.SaveAsync(student, "sign-back-in.png");
        await student.GetByRole(AriaRole.Button, new() { Name = "Sign back in" }).ClickAsync();
        await Expect(student).ToHaveURLAsync(new Regex("/labs$"));
        await student.GotoAsync($"labs/{LabId}");
        await WorkbenchApp.WaitInteractiveAsync(student);
        var panel = student.GetByRole(AriaRole.Region, new() { Name = $"Exercise: {CodeExercise}" });
        await Expect(panel.GetByLabel("Score")).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"), new() { Timeout = 30_000 });
        await Expect(instructor.GetByRole(AriaRole.Table, new() { Name = "Progress matrix" }).Locator("tbody tr")).ToHaveCountAsync(2); // no duplicate row

        // Quotas: an invalid value is explained; a valid one is saved and shown at once.
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Edit quotas" }).ClickAsync();
        await instructor.GetByLabel("Requests per minute").FillAsync("-5");
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Save quotas" }).ClickAsync();
        await Expect(instructor.GetByRole(AriaRole.Alert, new() { Name = "Quota error" })).ToContainTextAsync("must be a whole number");
        await instructor.GetByLabel("Requests per minute").FillAsync("45");
        await instructor.GetByLabel("Tokens per minute").FillAsync("25000");
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Save quotas" }).ClickAsync();
        await Expect(instructor.GetByLabel("Current quotas")).ToHaveTextAsync("Per student: 45 requests/min · 25,000 tokens/min");

        // The instructor resets the attempts: the student's open lab page shows it without a reload.
        await Cell(instructor, name, "8 of").ClickAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = $"Reset attempts at {CodeExercise}" }).ClickAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Confirm reset" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Status, new() { Name = "Attempts reset" })).ToContainTextAsync($"Your instructor reset your attempts at {CodeExercise}", new() { Timeout = 15_000 });
        await Expect(panel.Locator(".wb-results-head")).ToContainTextAsync("reset");
        await Screenshots.SaveAsync(student, "lab01-reset-notice.png", fullPage: false);

        // A lost code: the instructor issues a new one, shown once.
        await instructor.GetByRole(AriaRole.Button, new() { Name = $"Reset the re-entry code of {name}" }).ClickAsync();
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Confirm new re-entry code" }).ClickAsync();
        var fresh = (await instructor.GetByLabel($"Re-entry code of {name}").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", fresh);
        Assert.NotEqual(code, fresh);
        await Screenshots.SaveAsync(instructor, "dashboard-reentry-reset.png");
        _ = className;
    }

    private static ILocator Cell(IPage instructor, string student, string score) =>
        instructor.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(student)}, {Regex.Escape(LabTitle)}: .*{Regex.Escape(score)}") });

    // The instructor signs in, creates a class and keeps its dashboard open (1440×900).
    [Fact]
    public async Task McpModule_StudentUsesTheServersWithoutControls_InstructorHasThem_AndTheLabsMcpServerNeedsASignIn()
    {
        var (instructor, _, joinCode) = await OpenNewClassDashboardAsync();
        var (student, _) = await JoinAsync(joinCode, "Alan " + Guid.NewGuid().ToString("N")[..6]);

        // The lab's own stdio server (this executable with --mcp-stdio) is connected for everyone to use.
        await student.GotoAsync("modules/mcp");
        await WorkbenchApp.WaitInteractiveAsync(student);
        var servers = student.GetByRole(AriaRole.Region, new() { Name = "MCP servers" });
        var workbench = servers.GetByRole(AriaRole.Listitem, new() { Name = "Server workbench" });
        await Expect(workbench.GetByRole(AriaRole.Status, new() { Name = "Status of workbench" })).ToHaveTextAsync("connected", new() { Timeout = 60_000 });
        // A student cannot add, remove or reconnect servers (a stdio entry runs a command on the host).
        await Expect(servers.GetByRole(AriaRole.Form, new() { Name = "Add server" })).ToHaveCountAsync(0);
        await Expect(workbench.GetByRole(AriaRole.Button, new() { Name = "Remove workbench" })).ToHaveCountAsync(0);
        // ... but may call a tool by hand.
        var tryTool = student.GetByRole(AriaRole.Region, new() { Name = "Try an MCP tool" });
        await tryTool.GetByLabel("Server", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = "workbench (connected)" });
        await tryTool.GetByLabel("Tool", new() { Exact = true }).SelectOptionAsync("calculate");
        await tryTool.GetByRole(AriaRole.Textbox, new() { Name = "expression", Exact = true }).FillAsync("6 * 7");
        await tryTool.GetByRole(AriaRole.Button, new() { Name = "Call the tool" }).ClickAsync();
        await Expect(tryTool.GetByRole(AriaRole.Status, new() { Name = "isError" })).ToHaveTextAsync("isError: false", new() { Timeout = 30_000 });
        await Expect(tryTool.GetByLabel("Text block")).ToContainTextAsync("42");
        await Screenshots.SaveAsync(student, "mcp-student.png");
        await Accessibility.AssertNoSeriousViolationsAsync(student, "the MCP module as a student");

        await instructor.GotoAsync("modules/mcp");
        await WorkbenchApp.WaitInteractiveAsync(instructor);
        var instructorServers = instructor.GetByRole(AriaRole.Region, new() { Name = "MCP servers" });
        await Expect(instructorServers.GetByRole(AriaRole.Form, new() { Name = "Add server" })).ToBeVisibleAsync();
        await Expect(instructorServers.GetByRole(AriaRole.Button, new() { Name = "Reconnect workbench" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(instructor, "mcp-instructor.png");
        await Accessibility.AssertNoSeriousViolationsAsync(instructor, "the MCP module as the instructor");

        // The lab's /mcp answers only signed-in members: no cookie, no token → 401.
        using var anonymous = new HttpClient { BaseAddress = app.BaseAddress };
        using var initialize = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":{},"clientInfo":{"name":"e2e","version":"1"}}}""",
            System.Text.Encoding.UTF8, "application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "mcp") { Content = initialize };
        request.Headers.Accept.ParseAdd("application/json, text/event-stream");
        using var response = await anonymous.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Unauthorized, response.StatusCode);
    }

    // The coding agent page in a classroom: a student may run the agent (one run at a time) and read stored
    // experiments, but only the instructor starts an experiment (dozens of runs on a shared backend).
    [Fact]
    public async Task CodingAgentModule_StudentRunsTheAgentButNotExperiments_InstructorStartsThem()
    {
        var (instructor, _, joinCode) = await OpenNewClassDashboardAsync();
        var (student, _) = await JoinAsync(joinCode, "Grace " + Guid.NewGuid().ToString("N")[..6]);

        await student.GotoAsync("modules/coding-agent");
        await WorkbenchApp.WaitInteractiveAsync(student);
        var run = student.GetByRole(AriaRole.Region, new() { Name = "Coding agent run" });
        await Expect(run.GetByRole(AriaRole.Button, new() { Name = "Start the agent" })).ToBeEnabledAsync();
        await Expect(run.GetByLabel("Task", new() { Exact = true }).Locator("option")).ToHaveCountAsync(12);
        var experiment = student.GetByRole(AriaRole.Region, new() { Name = "A/B experiment: verify-on-edit" });
        await Expect(experiment.GetByRole(AriaRole.Button, new() { Name = "Run the experiment" })).ToHaveCountAsync(0);
        await Expect(experiment).ToContainTextAsync("Your instructor runs the experiments");
        await Expect(experiment.GetByRole(AriaRole.Img, new() { NameRegex = new Regex("^Lecture's result") })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(student, "coding-agent-student.png");
        await Accessibility.AssertNoSeriousViolationsAsync(student, "the coding agent page as a student");

        await instructor.GotoAsync("modules/coding-agent");
        await WorkbenchApp.WaitInteractiveAsync(instructor);
        var instructorExperiment = instructor.GetByRole(AriaRole.Region, new() { Name = "A/B experiment: verify-on-edit" });
        await Expect(instructorExperiment.GetByRole(AriaRole.Button, new() { Name = "Run the experiment" })).ToBeEnabledAsync();
        await Screenshots.SaveAsync(instructor, "coding-agent-instructor.png");
        await Accessibility.AssertNoSeriousViolationsAsync(instructor, "the coding agent page as the instructor");
    }

    // Lab 09's training page in a classroom: a student trains a tiny model, asks it a message and is told that
    // loading it in the chat is the instructor's to do; the instructor sees the same knobs. (Load in chat after a
    // run is TrainingModuleTests', self-paced.)
    [Fact]
    public async Task TrainingModule_StudentTrainsAndAsksTheirModel_InstructorHasTheKnobs()
    {
        var (instructor, _, joinCode) = await OpenNewClassDashboardAsync();
        var (student, _) = await JoinAsync(joinCode, "Katherine " + Guid.NewGuid().ToString("N")[..6]);

        await student.GotoAsync("modules/training");
        await WorkbenchApp.WaitInteractiveAsync(student);
        var widget = TrainingWidget.On(student);
        await TrainingWidget.StartTinyRunAsync(widget);
        await Expect(widget.GetByRole(AriaRole.Status, new() { Name = "Training status" })).ToContainTextAsync("Done", new() { Timeout = 240_000 });
        await Expect(widget.GetByRole(AriaRole.Button, new() { Name = "Load in chat" })).ToHaveCountAsync(0);
        await Expect(widget).ToContainTextAsync("loading it in the chat is the instructor's to do");
        await TrainingWidget.AskAsync(widget, "What time is it in Lima?");
        await Screenshots.SaveAsync(student, "training-student.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(student, "the training page as a student");

        await instructor.GotoAsync("modules/training");
        await WorkbenchApp.WaitInteractiveAsync(instructor);
        var knobs = TrainingWidget.On(instructor);
        await Expect(knobs.GetByRole(AriaRole.Button, new() { Name = "Start training" })).ToBeEnabledAsync();
        await Screenshots.SaveAsync(instructor, "training-instructor.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(instructor, "the training page as the instructor");
    }

    private async Task<(IPage Page, string ClassName, string JoinCode)> OpenNewClassDashboardAsync()
    {
        var instructor = await NewPageAsync();
        await instructor.GotoAsync("account/login");
        await instructor.GetByLabel("User name").FillAsync(ClassroomWorkbenchApp.InstructorName);
        await instructor.GetByLabel("Password").FillAsync(ClassroomWorkbenchApp.InstructorPassword);
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await instructor.GotoAsync("classes");
        await WorkbenchApp.WaitInteractiveAsync(instructor);
        var className = $"E2E class {Guid.NewGuid():N}"[..20];
        await instructor.GetByLabel("Class name").FillAsync(className);
        await instructor.GetByRole(AriaRole.Button, new() { Name = "Create class" }).ClickAsync();
        var joinCode = (await instructor.GetByLabel("New class").GetByLabel("Join code").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-9]{8}$", joinCode);
        await instructor.GetByRole(AriaRole.Link, new() { Name = className }).ClickAsync();
        await Expect(instructor.GetByRole(AriaRole.Heading, new() { Name = className })).ToBeVisibleAsync();
        await WorkbenchApp.WaitInteractiveAsync(instructor);
        return (instructor, className, joinCode);
    }

    // A student joins with the code and a display name, is shown their re-entry code once, copies it and goes on.
    private async Task<(IPage Page, string ReentryCode)> JoinAsync(string joinCode, string name)
    {
        var student = await NewPageAsync();
        await student.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await student.GotoAsync("join");
        await student.GetByLabel("Join code").FillAsync(joinCode);
        await student.GetByLabel("Display name").FillAsync(name);
        await student.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Heading, new() { Name = "Write down your re-entry code" })).ToBeVisibleAsync();
        var code = (await student.GetByLabel("Your re-entry code").InnerTextAsync()).Trim();
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        Assert.DoesNotContain(code, student.Url, StringComparison.Ordinal);
        await student.GetByRole(AriaRole.Button, new() { Name = "Copy the re-entry code" }).ClickAsync();
        await Expect(student.GetByRole(AriaRole.Button, new() { Name = "Copy the re-entry code" })).ToHaveTextAsync("Copied");
        Assert.Equal(code, await student.EvaluateAsync<string>("() => navigator.clipboard.readText()"));
        await Screenshots.SaveAsync(student, "reentry-code.png");
        await student.GetByRole(AriaRole.Link, new() { Name = "I have written it down: continue" }).ClickAsync();
        await Expect(student).ToHaveURLAsync(new Regex("/labs$"));
        return (student, code);
    }

    // Opens lab 01, puts the reference solution into Monaco, types a line by keyboard, submits and waits for 8/8.
    private static async Task SubmitSolutionAsync(IPage student)
    {
        await student.GotoAsync($"labs/{LabId}");
        await WorkbenchApp.WaitInteractiveAsync(student);
        await Expect(student.GetByRole(AriaRole.Heading, new() { Name = LabTitle, Level = 1 })).ToBeVisibleAsync();
        var panel = student.GetByRole(AriaRole.Region, new() { Name = $"Exercise: {CodeExercise}" });
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var solution = await ExercisePanels.ReadExerciseFileAsync(LabId, "chat-request", "solution", "Solution.cs");
        var replaced = await student.EvaluateAsync<bool>(
            """
            code => {
              const editor = monaco.editor.getEditors().find(e => e.getModel().getValue().includes('NotImplementedException'));
              if (!editor) return false;
              editor.setValue(code);
              const model = editor.getModel(), last = model.getLineCount();
              editor.setPosition({ lineNumber: last, column: model.getLineMaxColumn(last) });
              editor.focus();
              return true;
            }
            """, solution);
        Assert.True(replaced, "The starter Solution.cs was not found in a Monaco editor.");
        await student.Keyboard.PressAsync("Enter");
        await student.Keyboard.TypeAsync("// edited in Chromium");
        var text = await student.EvaluateAsync<string>("() => monaco.editor.getEditors().map(e => e.getModel().getValue()).find(v => v.includes('edited in Chromium')) ?? ''");
        Assert.Contains("AskAsync", text);

        // Submit: graded on the real engine in the sandbox; the score appears without a reload.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(panel.GetByLabel("Score")).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"), new() { Timeout = 90_000 });
        await Expect(panel.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed")).ToHaveCountAsync(0);
    }

    // The issue's screens are 1440×900.
    private async Task<IPage> NewPageAsync()
    {
        var page = await app.NewPageAsync();
        await page.SetViewportSizeAsync(1440, 900);
        return page;
    }
}
