using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>
/// Issue 3 §6, end to end in Chromium on the real app, worker, model and sandbox: a student joins a class, opens
/// lab 01, edits code in Monaco, submits, sees the score, and the instructor's dashboard updates without a reload.
/// </summary>
[Collection(ClassroomAppCollection.Name)]
public sealed class ClassroomTests(ClassroomWorkbenchApp app)
{
    private const string LabId = "01-chat-completions";

    [Fact]
    public async Task StudentSubmitsLab01Code_InstructorDashboard_UpdatesLive()
    {
        // The instructor signs in, creates a class and keeps its dashboard open.
        var instructor = await app.NewPageAsync();
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
        var recent = instructor.GetByLabel("Recent submissions");

        // A student joins with the code and a display name.
        var studentName = "Ada " + Guid.NewGuid().ToString("N")[..6];
        var student = await app.NewPageAsync();
        await student.GotoAsync("join");
        await student.GetByLabel("Join code").FillAsync(joinCode.ToLowerInvariant());
        await student.GetByLabel("Display name").FillAsync(studentName);
        await student.GetByRole(AriaRole.Button, new() { Name = "Join" }).ClickAsync();
        await student.GotoAsync($"labs/{LabId}");
        await WorkbenchApp.WaitInteractiveAsync(student);
        await Expect(student.GetByRole(AriaRole.Heading, new() { Name = "Chat Completions API", Level = 1 })).ToBeVisibleAsync();

        // Monaco loads with the starter; the student puts the reference code in and types a line by keyboard.
        var panel = student.GetByRole(AriaRole.Region, new() { Name = "Exercise: Call the chat completions endpoint" });
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var solution = await File.ReadAllTextAsync(Path.Combine(WorkbenchApp.RepoRoot, "labs", LabId, "exercises", "chat-request", "solution", "Solution.cs"));
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
        var score = panel.GetByLabel("Score");
        await Expect(score).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"), new() { Timeout = 90_000 });
        await Expect(panel.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed")).ToHaveCountAsync(0);

        // The instructor's open dashboard shows the submission and the progress without a reload.
        await Expect(recent).ToContainTextAsync(studentName, new() { Timeout = 30_000 });
        await Expect(instructor.GetByRole(AriaRole.Button, new() { NameRegex = new Regex($"^{Regex.Escape(studentName)}, Chat Completions API: .*8 of") }))
            .ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Screenshots.SaveAsync(student, "lab01.png");
        await Screenshots.SaveAsync(instructor, "dashboard.png");
    }
}
