using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>
/// Labs 02 (chat history), 03 (token streaming) and 04 (structured output) submitted through the browser on the real
/// self-paced app, worker, default model (stories260K) and sandbox: a property exercise (a JSON Schema edited in the
/// same Monaco panel as code) graded to full marks and then rejected for an unsupported keyword, a C# code exercise
/// graded to full marks, and an unchanged starter graded below the maximum with its failing checks shown.
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class ModuleLabsTests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 90_000;

    [Fact]
    public async Task Lab04SchemaWriting_ReferenceThenUnsupportedKeyword_FullMarksThenRejectionNamingIt()
    {
        const string lab = "04-structured-output", exercise = "schema-writing";
        var page = await OpenLabAsync(app, lab, "Structured output");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: Write a JSON Schema for a book" });
        // A property exercise has no compile check: Submit and Reset only.
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true })).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true })).ToHaveCountAsync(0);

        var solution = await ReadExerciseFileAsync(lab, exercise, "solution", "book.schema.json");
        Assert.Equal("json", await SetEditorTextAsync(panel, solution));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*6\s*/\s*6\s*$"));
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("passed", new() { Exact = true })).ToHaveCountAsync(5);
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab04.png");

        // The same schema with a keyword the converter does not support: every check fails, naming it.
        const string bounds = "\"minLength\": 1, \"maxLength\": 40";
        Assert.Contains(bounds, solution);
        await SetEditorTextAsync(panel, solution.Replace(bounds, bounds + ", \"pattern\": \"a+\"", StringComparison.Ordinal));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        result = await GradedResultAsync(app, panel, 2, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*0\s*/\s*6\s*$"));
        await Expect(result.GetByRole(AriaRole.Status, new() { Name = "Result message" })).ToContainTextAsync("pattern");
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(5);
        await Expect(checks.GetByLabel("passed", new() { Exact = true })).ToHaveCountAsync(0);
        await Expect(checks.Locator("td.wb-check-message").First).ToContainTextAsync("Your schema was rejected");
        await Expect(panel.GetByText("Attempts (2)", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task Lab02SlidingWindow_Reference_FullMarks()
    {
        const string lab = "02-chat-history", exercise = "sliding-window";
        var page = await OpenLabAsync(app, lab, "Chat History Management");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: Implement a sliding-window history reducer" });

        var solution = await ReadExerciseFileAsync(lab, exercise, "solution", "Solution.cs");
        Assert.Equal("csharp", await SetEditorTextAsync(panel, solution));
        // Check compiles only (Roslyn in the app), then Submit grades in the sandbox.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status, new() { Name = "Check result" })).ToHaveTextAsync(new Regex("^Compiles"), new() { Timeout = 60_000 });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"));
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("passed", new() { Exact = true })).ToHaveCountAsync(5);
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Lab04GbnfGrammar_StarterUnchanged_ScoresBelowMaximumWithFailingChecks()
    {
        const string lab = "04-structured-output", exercise = "gbnf-grammar";
        var page = await OpenLabAsync(app, lab, "Structured output");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: A grammar for ISO dates" });

        // The editor holds the starter (a plain-text file); it is submitted as it is.
        var starter = await ReadExerciseFileAsync(lab, exercise, "starter", "date.gbnf");
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var (text, language) = await EditorOfAsync(panel);
        Assert.Equal(Normalize(starter), Normalize(text));
        Assert.Equal("plaintext", language);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await GradedResultAsync(app, panel, 1, GradingTimeoutMs);
        await AssertScoreBelowAsync(result, 5);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        foreach (var title in new[] { "Every reply has the shape YYYY-MM-DD", "Every month is 01 to 12 and every day 01 to 31" })
        {
            var row = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
            await Expect(row.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
        }
    }
}
