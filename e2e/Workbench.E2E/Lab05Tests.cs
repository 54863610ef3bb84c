using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>
/// Lab 05 (tool calling) submitted through the browser on the real self-paced app, worker, default model
/// (stories260K) and sandbox: the streaming Hermes parser (a C# code exercise) and the tool schema (a property
/// exercise whose forced calls are judged), each with the reference solution at full marks and the starter below.
/// </summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class Lab05Tests(WorkbenchApp app)
{
    private const int GradingTimeoutMs = 120_000;
    private const string Lab = "05-tool-calling";
    private const string ParserPanel = "Exercise: Parse Hermes tool calls from a stream";
    private const string SchemaPanel = "Exercise: Write the parameters schema of a tool";

    [Fact]
    public async Task ToolCallParser_ReferenceThenStarter_FullMarksThenBelow()
    {
        var page = await OpenLabAsync(Lab, "Tool calling");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = ParserPanel });

        Assert.Equal("csharp", await SetEditorTextAsync(panel, await ReadFileAsync(Lab, "tool-call-parser", "solution", "Solution.cs")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await ResultOfAttemptAsync(panel, 1);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*11\s*/\s*11\s*$"));
        await Expect(result.GetByRole(AriaRole.Table, new() { Name = "Checks" }).GetByLabel("failed", new() { Exact = true })).ToHaveCountAsync(0);
        await panel.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab05.png");

        await SetEditorTextAsync(panel, await ReadFileAsync(Lab, "tool-call-parser", "starter", "Solution.cs"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await ResultOfAttemptAsync(panel, 2);
        await AssertBelowAsync(result, 11);
        var checks = result.GetByRole(AriaRole.Table, new() { Name = "Checks" });
        var row = checks.GetByRole(AriaRole.Row).Filter(new() { HasText = "Reads several calls in one reply" });
        await Expect(row.GetByLabel("failed", new() { Exact = true })).ToBeVisibleAsync();
    }

    [Fact]
    public async Task ToolSchema_ReferenceThenStarter_FullMarksThenBelow()
    {
        var page = await OpenLabAsync(Lab, "Tool calling");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = SchemaPanel });

        Assert.Equal("json", await SetEditorTextAsync(panel, await ReadFileAsync(Lab, "tool-schema", "solution", "book_table.json")));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        var result = await ResultOfAttemptAsync(panel, 1);
        await Expect(result.GetByLabel("Score", new() { Exact = true })).ToHaveTextAsync(new Regex(@"^\s*7\s*/\s*7\s*$"));

        await SetEditorTextAsync(panel, await ReadFileAsync(Lab, "tool-schema", "starter", "book_table.json"));
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        result = await ResultOfAttemptAsync(panel, 2);
        await AssertBelowAsync(result, 7);
    }

    private static async Task AssertBelowAsync(ILocator result, int maximum)
    {
        var score = await result.GetByLabel("Score", new() { Exact = true }).InnerTextAsync();
        var match = Regex.Match(score, @"^\s*(\d+)\s*/\s*(\d+)\s*$");
        Assert.True(match.Success, $"score '{score}'");
        Assert.Equal(maximum, int.Parse(match.Groups[2].Value));
        Assert.True(int.Parse(match.Groups[1].Value) < maximum, $"the starter scored {score}");
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
