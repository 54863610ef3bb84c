using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Lab 09 (watch a model learn) in Chromium on the real self-paced app and sandbox: the page with its training-run
/// widget (another branch's component; the test only finds its host), axe clean; the quiz answered with its key at
/// full marks; the corpus exercise's reference written in Monaco passing every corpus check.
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab09Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 240_000; // the corpus exercise fine-tunes the committed model (about a minute)
    private const string Lab = "09-watch-a-model-learn";
    private const string Title = "Watch a model learn";
    private const string QuizForm = "Quiz: Reading a training run";
    private const string CorpusPanel = "Exercise: Teach the model a new tool";

    [Fact]
    public async Task Page_RendersTheTrainingWidget_AndHasNoSeriousAxeViolations()
    {
        var page = await OpenLabAsync(app, Lab, Title);

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Loss on the assistant's tokens only" })).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "lab 09");
        await Screenshots.SaveAsync(page, "lab09.png", fullPage: false);
        await Expect(page.Locator("[data-widget='training-run']")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Quiz_AnsweredCorrectly_FullMarks()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var quiz = page.GetByRole(AriaRole.Form, new() { Name = QuizForm });

        // The key of labs/09-watch-a-model-learn/exercises/quiz/exercise.yaml: ln 2048 ≈ 7.6, then option indexes
        // (question 5 is a multiple choice: options 1, 3 and 4).
        var input = quiz.GetByLabel("Answer to question 1", new() { Exact = true });
        await input.FillAsync("7.6");
        await input.PressAsync("Tab");
        int[][] choices = [[1], [1], [2], [0, 2, 3], [2], [2]];
        for (var q = 0; q < choices.Length; q++)
        {
            var question = quiz.GetByRole(AriaRole.Group, new() { Name = $"Question {q + 2}", Exact = true });
            foreach (var choice in choices[q]) await question.Locator("input").Nth(choice).CheckAsync();
        }
        await quiz.GetByRole(AriaRole.Button, new() { Name = "Submit answers" }).ClickAsync();

        var result = await GradedResultAsync(app, quiz, attempt: null, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*7\s*/\s*7\s*$"));
        await quiz.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab09-quiz.png", fullPage: false);
    }

    [Fact]
    public async Task Corpus_ReferenceWrittenInMonaco_PassesEveryCorpusCheck()
    {
        var page = await OpenLabAsync(app, Lab, Title);
        var panel = page.GetByRole(AriaRole.Region, new() { Name = CorpusPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadExerciseFileAsync(Lab, "new-tool-corpus", "solution", "Generator.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, attempt: null, GradingTimeoutMs);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        foreach (var title in new[] { "Yields count valid conversations", "Offers get_exchange_rate and calls it", "Varied:", "Has turns where no offered tool fits" })
        {
            var row = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
            await Expect(row.GetByLabel("passed", new() { Exact = true })).ToBeVisibleAsync();
        }
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab09-corpus.png", fullPage: false);
    }
}
