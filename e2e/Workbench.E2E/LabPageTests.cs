using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;
using static Workbench.E2E.ExercisePanels;

namespace Workbench.E2E;

/// <summary>The lab page as a student meets it (issue 10, findings 13 and 14), in Chromium on the real app, worker,
/// model and sandbox.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class LabPageTests(WorkbenchApp app)
{
    /// <summary>Finding 13: on lab 03 Monaco's AMD loader is on the page; the SignalR pane used to fail with
    /// "Cannot read properties of undefined (reading 'HubConnectionBuilder')".</summary>
    [Fact]
    public async Task Lab03StreamCompare_WithMonacoOnThePage_SignalRPaneStreams()
    {
        var page = await app.OpenReadyAsync("labs/03-token-streaming");
        var errors = new List<string>();
        page.Console += (_, message) => { if (message.Type == "error") errors.Add(message.Text); };
        // The exercise editor loads Monaco (and its AMD loader, window.define) before the stream runs.
        await Expect(page.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        Assert.True(await page.EvaluateAsync<bool>("() => typeof window.define === 'function' && !!window.define.amd"), "Monaco's AMD loader is not on the page");

        var widget = page.GetByRole(AriaRole.Region, new() { Name = "Stream compare" });
        await widget.GetByRole(AriaRole.Spinbutton, new() { Name = "max_tokens" }).FillAsync("48");
        await widget.GetByRole(AriaRole.Button, new() { Name = "Run all transports" }).ClickAsync();

        foreach (var title in new[] { "Non-streaming", "SSE", "SignalR" })
            await Expect(widget.GetByRole(AriaRole.Status, new() { Name = $"{title} state" })).ToHaveTextAsync("done", new() { Timeout = 60_000 });
        var items = await widget.GetByRole(AriaRole.List, new() { Name = "SignalR items" }).Locator("li code").AllTextContentsAsync();
        Assert.True(items.Count >= 2, $"only {items.Count} SignalR items");
        Assert.DoesNotContain(errors, e => e.Contains("anonymous define", StringComparison.Ordinal) || e.Contains("HubConnectionBuilder", StringComparison.Ordinal));
        // Monaco still works after SignalR loaded beside it.
        Assert.True(await page.EvaluateAsync<int>("() => monaco.editor.getEditors().length") > 0);
        await Screenshots.SaveAsync(widget, "lab03-stream-compare.png");
    }

    /// <summary>Finding 14: a compile error found by Check, then fixed and submitted to full marks, left its chip,
    /// list, tab badge and squiggles on screen; Reset to starter threw the code away without asking.</summary>
    [Fact]
    public async Task Lab01CodeExercise_CheckErrorThenFixedSubmit_ClearsDiagnostics_AndResetAsksFirst()
    {
        const string lab = "01-chat-completions", exercise = "chat-request";
        var page = await app.OpenReadyAsync($"labs/{lab}");
        var panel = page.GetByRole(AriaRole.Region, new() { Name = "Exercise: Call the chat completions endpoint" });
        var solution = await ReadExerciseFileAsync(lab, exercise, "solution", "Solution.cs");
        var starter = await ReadExerciseFileAsync(lab, exercise, "starter", "Solution.cs");

        await SetEditorTextAsync(panel, solution + "\nthis line is not C#\n", focus: false);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Check", Exact = true }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Status, new() { Name = "Check result" })).ToHaveTextAsync(new Regex("compile error"), new() { Timeout = 60_000 });
        await Expect(panel.GetByRole(AriaRole.Region, new() { Name = "Compile check" })).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.Tab).Locator(".wb-tab-errors")).ToHaveCountAsync(1);
        Assert.True(await MarkerCountAsync(page) > 0, "Check set no markers");

        // Fixed and submitted without another Check: the result replaces every trace of the old errors.
        await SetEditorTextAsync(panel, solution, focus: false);
        await panel.GetByRole(AriaRole.Button, new() { Name = "Submit", Exact = true }).ClickAsync();
        await Expect(panel.GetByRole(AriaRole.Region, new() { Name = "Result", Exact = true }).GetByLabel("Score", new() { Exact = true }))
            .ToHaveTextAsync(new Regex(@"^\s*8\s*/\s*8\s*$"), new() { Timeout = 90_000 });
        await Expect(panel.GetByRole(AriaRole.Status, new() { Name = "Check result" })).ToHaveCountAsync(0);
        await Expect(panel.GetByRole(AriaRole.Region, new() { Name = "Compile check" })).ToHaveCountAsync(0);
        await Expect(panel.GetByRole(AriaRole.Tab).Locator(".wb-tab-errors")).ToHaveCountAsync(0);
        Assert.Equal(0, await MarkerCountAsync(page));

        // Reset asks first; keeping the code keeps it, confirming restores the starter.
        await panel.GetByRole(AriaRole.Button, new() { Name = "Reset to starter" }).ClickAsync();
        var confirm = panel.GetByRole(AriaRole.Alertdialog, new() { Name = "Reset to starter?" });
        await Expect(confirm).ToBeVisibleAsync();
        await confirm.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "lab01-reset-confirm.png", fullPage: false);
        Assert.Equal(Normalize(solution), Normalize(await EditorTextAsync(panel)));
        await Accessibility.AssertNoSeriousViolationsAsync(page, "lab 01 with the reset confirmation open");
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Keep my code" }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        Assert.Equal(Normalize(solution), Normalize(await EditorTextAsync(panel)));

        await panel.GetByRole(AriaRole.Button, new() { Name = "Reset to starter" }).ClickAsync();
        await confirm.GetByRole(AriaRole.Button, new() { Name = "Discard my code" }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        for (var i = 0; i < 50 && Normalize(await EditorTextAsync(panel)) != Normalize(starter); i++) await Task.Delay(100);
        Assert.Equal(Normalize(starter), Normalize(await EditorTextAsync(panel)));
    }

    private static Task<int> MarkerCountAsync(IPage page) =>
        page.EvaluateAsync<int>("() => monaco.editor.getModelMarkers({ owner: 'workbench' }).length");
}
