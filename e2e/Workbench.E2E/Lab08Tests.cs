using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Lab 08 (coding agents) submitted through the browser on the real self-paced app and sandbox: the edit-file
/// reference written in Monaco at full marks, then the same code counting matches without overlaps, which the hidden
/// overlapping check names; the rollback reference at full marks; the trajectory quiz answered; axe on the page. The
/// agent widgets are another branch's (the test does not look inside them).
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab08Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 120_000;
    private const string Lab = "08-coding-agent";
    private const string Title = "Coding agents";
    private const string EditPanel = "Exercise: Implement the unique-match edit_file tool";
    private const string RollbackPanel = "Exercise: Decide an edit's fate with verify-on-edit";
    private const string QuizForm = "Quiz: Read a trajectory";

    [Fact]
    public async Task EditFile_ReferenceThenNonOverlappingCount_FullMarksThenTheOverlapCheckFails()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = EditPanel });
        var reference = await ReadExerciseFileAsync(Lab, "edit-file", "solution", "Solution.cs");

        Assert.Equal("csharp", await SetEditorTextAsync(panel, reference));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*11\s*/\s*11\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab08.png", fullPage: false);

        var nonOverlapping = reference.Replace("at + 1, StringComparison.Ordinal", "at + oldString.Length, StringComparison.Ordinal", StringComparison.Ordinal);
        Assert.NotEqual(reference, nonOverlapping);
        await SetEditorTextAsync(panel, nonOverlapping);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await GradedResultAsync(app, panel, 2, GradingTimeoutMs);
        await AssertScoreBelowAsync(result, 11);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(1);
        var overlap = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Counts overlapping occurrences" });
        await Expect(overlap.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(overlap).ToContainTextAsync("old_string occurs 2 times");
    }

    [Fact]
    public async Task Rollback_ReferenceWrittenInMonaco_FullMarks()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = RollbackPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "rollback", "solution", "Solution.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*9\s*/\s*9\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Quiz_AnsweredCorrectly_FullMarks_AndThePageHasNoSeriousAxeViolations()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "lab 08");
        var quiz = page.GetByRole(AriaRole.Form, new() { Name = QuizForm });

        // The key of labs/08-coding-agent/exercises/quiz/exercise.yaml: two numbers, then option indexes (question 7
        // is a multiple choice: options 1, 2 and 4).
        string[] numbers = ["6", "244"];
        for (var q = 0; q < numbers.Length; q++)
        {
            var input = quiz.GetByLabel($"Answer to question {q + 1}", new() { Exact = true });
            await input.FillAsync(numbers[q]);
            await input.PressAsync("Tab");
        }
        int[][] choices = [[1], [0], [2], [2], [0, 1, 3], [2]];
        for (var q = 0; q < choices.Length; q++)
        {
            var question = quiz.GetByRole(AriaRole.Group, new() { Name = $"Question {numbers.Length + q + 1}", Exact = true });
            foreach (var choice in choices[q]) await question.Locator("input").Nth(choice).CheckAsync();
        }
        await quiz.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();

        var result = await GradedResultAsync(app, quiz, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"));
        await Expect(quiz.GetByLabel("Question 7 result", new() { Exact = true })).ToContainTextAsync("Correct");
        await quiz.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab08-quiz.png", fullPage: false);
    }
}
