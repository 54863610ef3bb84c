using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

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
        var page = await OpenLabAsync(lab, "Structured output");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: Write a JSON Schema for a book" });
        // A property exercise has no compile check: Submit and Reset only.
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true })).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true })).ToHaveCountAsync(0);

        var solution = await ReadFileAsync(lab, exercise, "solution", "book.schema.json");
        Assert.Equal("json", await SetEditorTextAsync(panel, solution));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await ResultOfAttemptAsync(panel, 1);
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

        result = await ResultOfAttemptAsync(panel, 2);
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
        var page = await OpenLabAsync(lab, "Chat History Management");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: Implement a sliding-window history reducer" });

        var solution = await ReadFileAsync(lab, exercise, "solution", "Solution.cs");
        Assert.Equal("csharp", await SetEditorTextAsync(panel, solution));
        // Check compiles only (Roslyn in the app), then Submit grades in the sandbox.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status, new() { Name = "Check result" })).ToHaveTextAsync(new Regex("^Compiles"), new() { Timeout = 60_000 });
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await ResultOfAttemptAsync(panel, 1);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"));
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        await Expect(checks.GetByLabel("passed", new() { Exact = true })).ToHaveCountAsync(5);
        await Expect(checks.GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task Lab04GbnfGrammar_StarterUnchanged_ScoresBelowMaximumWithFailingChecks()
    {
        const string lab = "04-structured-output", exercise = "gbnf-grammar";
        var page = await OpenLabAsync(lab, "Structured output");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: A grammar for ISO dates" });

        // The editor holds the starter (a plain-text file); it is submitted as it is.
        var starter = await ReadFileAsync(lab, exercise, "starter", "date.gbnf");
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var (text, language) = await EditorOfAsync(panel);
        Assert.Equal(Normalize(starter), Normalize(text));
        Assert.Equal("plaintext", language);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();

        var result = await ResultOfAttemptAsync(panel, 1);
        var score = await result.GetByLabel("Score", new() { Exact = true }).InnerTextAsync();
        var match = Regex.Match(score, @"^\s*(\d+)\s*/\s*(\d+)\s*$");
        Assert.True(match.Success, $"score '{score}'");
        Assert.Equal(5, int.Parse(match.Groups[2].Value));
        Assert.True(int.Parse(match.Groups[1].Value) < 5, $"the starter scored {score}");
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        foreach (var title in new[] { "Every reply has the shape YYYY-MM-DD", "Every month is 01 to 12 and every day 01 to 31" })
        {
            var row = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = title });
            await Expect(row.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
        }
    }

    private async Task<IPage> OpenLabAsync(string lab, string title)
    {
        var page = await app.OpenReadyAsync($"labs/{lab}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Waits for attempt <paramref name="attempt"/> to be graded and returns the panel's result region.</summary>
    private async Task<ILocator> ResultOfAttemptAsync(ILocator panel, int attempt)
    {
        var result = panel.GetByRole(AriaRole.Region, new() { Name = "Result", Exact = true });
        try
        {
            await Expect(result.GetByLabel("Attempt", new() { Exact = true })).ToHaveTextAsync($"attempt {attempt}", new() { Timeout = GradingTimeoutMs });
        }
        catch (PlaywrightException ex)
        {
            var log = app.Log;
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n--- app log (tail) ---\n{log[Math.Max(0, log.Length - 6000)..]}");
        }
        return result;
    }

    /// <summary>Replaces the text of the (single-file) exercise's Monaco editor inside <paramref name="panel"/>, as
    /// ClassroomTests does, and returns the editor's language id.</summary>
    private static async Task<string> SetEditorTextAsync(ILocator panel, string text)
    {
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var language = await panel.EvaluateAsync<string?>(
            """
            (panel, text) => {
              const editor = monaco.editor.getEditors().find(e => panel.contains(e.getContainerDomNode()));
              if (!editor) return null;
              editor.setValue(text);
              editor.focus();
              return editor.getModel().getLanguageId();
            }
            """, text);
        Assert.True(language is not null, "No Monaco editor was found in the exercise panel.");
        Assert.Equal(Normalize(text), Normalize((await EditorOfAsync(panel)).Text));
        return language!;
    }

    private static async Task<(string Text, string Language)> EditorOfAsync(ILocator panel)
    {
        var state = await panel.EvaluateAsync<string[]?>(
            """
            panel => {
              const editor = monaco.editor.getEditors().find(e => panel.contains(e.getContainerDomNode()));
              return editor ? [editor.getModel().getValue(), editor.getModel().getLanguageId()] : null;
            }
            """);
        Assert.True(state is [_, _], "No Monaco editor was found in the exercise panel.");
        return (state![0], state[1]);
    }

    private static Task<string> ReadFileAsync(string lab, string exercise, string folder, string file) =>
        File.ReadAllTextAsync(Path.Combine(WorkbenchApp.RepoRoot, "labs", lab, "exercises", exercise, folder, file));

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();
}
