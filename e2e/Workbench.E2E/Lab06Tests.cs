using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Lab 06 (MCP) submitted through the browser on the real self-paced app and sandbox: the MCP tool (a C# code
/// exercise the grader runs as a stdio MCP server and calls as its client) written in Monaco at full marks, and the
/// quiz answered.
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab06Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 120_000;
    private const string Lab = "06-mcp";
    private const string ToolPanel = "Exercise: Write an MCP tool";
    private const string QuizForm = "Quiz: Check your understanding";
    private const string Title = "MCP — tools between processes";

    [Fact]
    public async Task McpTool_ReferenceWrittenInMonaco_FullMarks()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = ToolPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "mcp-tool", "solution", "Solution.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*10\s*/\s*10\s*$"));
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(checks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Bad input is an isError result naming the argument" })).ToBeVisibleAsync();
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab06.png");
    }

    [Fact]
    public async Task Quiz_AnsweredCorrectly_FullMarks()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var quiz = page.GetByRole(AriaRole.Form, new() { Name = QuizForm });

        // The key of labs/06-mcp/exercises/quiz/exercise.yaml: option indexes per question.
        int[][] answers = [[1], [0], [1], [0, 2], [1]];
        for (var q = 0; q < answers.Length; q++)
        {
            var question = quiz.GetByRole(AriaRole.Group, new() { Name = $"Question {q + 1}", Exact = true });
            foreach (var option in answers[q]) await question.Locator("input").Nth(option).CheckAsync();
        }
        await quiz.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();

        var result = await GradedResultAsync(app, quiz, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*5\s*/\s*5\s*$"));
        await Expect(quiz.GetByLabel("Question 4 result", new() { Exact = true })).ToContainTextAsync("Correct");
    }
}
