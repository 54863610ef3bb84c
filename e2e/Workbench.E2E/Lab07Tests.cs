using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Lab 07 (quantization) submitted through the browser on the real self-paced app and sandbox: the Q8_0 exercise's
/// reference written in Monaco at full marks, then the same code with C#'s default (banker's) rounding, which the
/// hidden ties check names; the memory-budget reference at full marks; the quiz answered; axe on the page. The
/// page's widgets are the quantization branches' (the test does not look inside them).
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab07Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 120_000;
    private const string Lab = "07-quantization";
    private const string Title = "Quantization — fewer bits per weight";
    private const string Q8Panel = "Exercise: Quantize and dequantize Q8_0 blocks";
    private const string BudgetPanel = "Exercise: Choose a type and a context for a memory budget";
    private const string QuizForm = "Quiz: Check your understanding";

    [Fact]
    public async Task Q8Blocks_ReferenceThenBankersRounding_FullMarksThenTheTiesCheckFails()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = Q8Panel });
        var reference = await ReadExerciseFileAsync(Lab, "q8-blocks", "solution", "Solution.cs");

        Assert.Equal("csharp", await SetEditorTextAsync(panel, reference));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*10\s*/\s*10\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab07.png");

        var bankers = reference.Replace("MathF.Round(block[j] * inverse, MidpointRounding.AwayFromZero)", "MathF.Round(block[j] * inverse)", StringComparison.Ordinal);
        Assert.NotEqual(reference, bankers);
        await SetEditorTextAsync(panel, bankers);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await GradedResultAsync(app, panel, 2, GradingTimeoutMs);
        await AssertScoreBelowAsync(result, 10);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(1);
        var ties = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Rounds exact halves away from zero" });
        await Expect(ties.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
        await Expect(ties).ToContainTextAsync("roundf");
    }

    [Fact]
    public async Task MemoryBudget_ReferenceWrittenInMonaco_FullMarks()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = BudgetPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "memory-budget", "solution", "Solution.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*10\s*/\s*10\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Quiz_AnsweredCorrectly_FullMarks_AndThePageHasNoSeriousAxeViolations()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "lab 07");
        var quiz = page.GetByRole(AriaRole.Form, new() { Name = QuizForm });

        // The key of labs/07-quantization/exercises/quiz/exercise.yaml: three numbers, then option indexes.
        string[] numbers = ["8.5", "4.5", "1024"];
        for (var q = 0; q < numbers.Length; q++)
        {
            var input = quiz.GetByLabel($"Answer to question {q + 1}", new() { Exact = true });
            await input.FillAsync(numbers[q]);
            await input.PressAsync("Tab");
        }
        int[] choices = [1, 2, 1, 1, 1];
        for (var q = 0; q < choices.Length; q++)
        {
            var question = quiz.GetByRole(AriaRole.Group, new() { Name = $"Question {numbers.Length + q + 1}", Exact = true });
            await question.Locator("input").Nth(choices[q]).CheckAsync();
        }
        await quiz.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();

        var result = await GradedResultAsync(app, quiz, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"));
        await Expect(quiz.GetByLabel("Question 3 result", new() { Exact = true })).ToContainTextAsync("Correct");
        await quiz.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab07-quiz.png", fullPage: false);
    }
}
