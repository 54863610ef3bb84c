using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>
/// What the e2e tests do with a lab page's exercise panels (the <c>Exercise: …</c> regions holding a Monaco editor,
/// Check, Submit and a Result region): open the lab, read an exercise's files from <c>labs/</c>, set and read the
/// editor's text, wait for a graded result and judge its score.
/// </summary>
internal static class ExercisePanels
{
    /// <summary>How long to wait for a panel's Monaco editor to appear (it loads on first use): 60 s.</summary>
    private const int EditorTimeoutMs = 60_000;

    /// <summary>How much of the app's log a grading timeout quotes: its last 6,000 characters.</summary>
    private const int LogTailChars = 6000;

    /// <summary>Opens <c>labs/<paramref name="lab"/></c> on <paramref name="app"/> once the engine is ready and the
    /// page interactive, and expects its level-1 heading to be <paramref name="title"/>.</summary>
    /// <param name="app">The running app.</param>
    /// <param name="lab">A lab id, for example <c>05-tool-calling</c>.</param>
    /// <param name="title">The lab's title as its page shows it.</param>
    /// <returns>The lab page.</returns>
    public static async Task<IPage> OpenLabAsync(WorkbenchApp app, string lab, string title)
    {
        var page = await app.OpenReadyAsync($"labs/{lab}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = title, Level = 1 })).ToBeVisibleAsync();
        return page;
    }

    /// <summary>Reads <c>labs/<paramref name="lab"/>/exercises/<paramref name="exercise"/>/<paramref name="folder"/>/<paramref name="file"/></c>
    /// from the repository.</summary>
    /// <param name="lab">A lab id, for example <c>01-chat-completions</c>.</param>
    /// <param name="exercise">The exercise's folder name, for example <c>chat-request</c>.</param>
    /// <param name="folder"><c>solution</c> or <c>starter</c>.</param>
    /// <param name="file">The file name, for example <c>Solution.cs</c>.</param>
    /// <returns>The file's text as stored (line endings unchanged).</returns>
    /// <exception cref="IOException">The file does not exist or cannot be read.</exception>
    public static Task<string> ReadExerciseFileAsync(string lab, string exercise, string folder, string file) =>
        File.ReadAllTextAsync(Path.Combine(WorkbenchApp.RepoRoot, "labs", lab, "exercises", exercise, folder, file));

    /// <summary>Replaces the text of the (single-file) exercise's Monaco editor inside <paramref name="panel"/> and
    /// asserts the editor then holds it (compared with <see cref="Normalize"/>).</summary>
    /// <param name="panel">The exercise panel.</param>
    /// <param name="text">The new text.</param>
    /// <param name="focus">Whether to focus the editor afterwards (default); <see langword="false"/> leaves the
    /// focus where it was.</param>
    /// <returns>The editor model's language id, for example <c>csharp</c>, <c>json</c> or <c>plaintext</c>.</returns>
    /// <exception cref="Xunit.Sdk.XunitException">No editor appeared within 60 s, or the panel holds no Monaco
    /// editor, or the editor does not hold <paramref name="text"/> afterwards.</exception>
    public static async Task<string> SetEditorTextAsync(ILocator panel, string text, bool focus = true)
    {
        await Expect(panel.Locator(".monaco-editor").First).ToBeVisibleAsync(new() { Timeout = EditorTimeoutMs });
        var language = await panel.EvaluateAsync<string?>(
            """
            (panel, [text, focus]) => {
              const editor = monaco.editor.getEditors().find(e => panel.contains(e.getContainerDomNode()));
              if (!editor) return null;
              editor.setValue(text);
              if (focus) editor.focus();
              return editor.getModel().getLanguageId();
            }
            """, new object[] { text, focus });
        Assert.True(language is not null, "No Monaco editor was found in the exercise panel.");
        Assert.Equal(Normalize(text), Normalize((await EditorOfAsync(panel)).Text));
        return language!;
    }

    /// <summary>The text and language id of the Monaco editor inside <paramref name="panel"/>.</summary>
    /// <param name="panel">The exercise panel.</param>
    /// <returns>The editor model's whole text and its language id.</returns>
    /// <exception cref="Xunit.Sdk.XunitException">The panel holds no Monaco editor.</exception>
    public static async Task<(string Text, string Language)> EditorOfAsync(ILocator panel)
    {
        var state = await FindEditorAsync(panel);
        Assert.True(state is not null, "No Monaco editor was found in the exercise panel.");
        return state.Value;
    }

    /// <summary>The text of the Monaco editor inside <paramref name="panel"/>, or <c>""</c> while the panel holds
    /// none (for polling across a re-render).</summary>
    /// <param name="panel">The exercise panel.</param>
    /// <returns>The editor model's whole text, or <c>""</c>.</returns>
    public static async Task<string> EditorTextAsync(ILocator panel) => (await FindEditorAsync(panel))?.Text ?? "";

    /// <summary><paramref name="text"/> with CRLF as LF and no trailing white space, for comparing a file with what
    /// an editor holds.</summary>
    /// <param name="text">Any text.</param>
    /// <returns>The normalised text.</returns>
    public static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd();

    /// <summary>Waits for the Result region inside <paramref name="panel"/> to show a graded attempt and returns it;
    /// on a timeout fails with the tail of the app's log, where the grader's errors are.</summary>
    /// <param name="app">The running app (for its log).</param>
    /// <param name="panel">The exercise panel or quiz form that was submitted.</param>
    /// <param name="attempt">The attempt number to wait for (its <c>Attempt</c> label reads <c>attempt N</c>), or
    /// <see langword="null"/> to wait for any score to be visible.</param>
    /// <param name="timeoutMs">How long grading may take, in milliseconds.</param>
    /// <returns>The panel's Result region.</returns>
    /// <exception cref="Xunit.Sdk.XunitException">No such result appeared within <paramref name="timeoutMs"/>; the
    /// message ends with the last 6,000 characters of the app's log.</exception>
    public static async Task<ILocator> GradedResultAsync(WorkbenchApp app, ILocator panel, int? attempt, int timeoutMs)
    {
        var result = panel.GetByRole(AriaRole.Region, new() { Name = "Result", Exact = true });
        try
        {
            if (attempt is { } n)
                await Expect(result.GetByLabel("Attempt", new() { Exact = true })).ToHaveTextAsync($"attempt {n}", new() { Timeout = timeoutMs });
            else
                await Expect(result.GetByLabel("Score", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = timeoutMs });
        }
        catch (PlaywrightException ex)
        {
            var log = app.Log;
            throw new Xunit.Sdk.XunitException($"{ex.Message}\n--- app log (tail) ---\n{log[Math.Max(0, log.Length - LogTailChars)..]}");
        }
        return result;
    }

    /// <summary>Asserts that the score in <paramref name="result"/> reads <c>N / <paramref name="maximum"/></c> with
    /// N below the maximum (what an unchanged starter earns).</summary>
    /// <param name="result">A Result region, as <see cref="GradedResultAsync"/> returns it.</param>
    /// <param name="maximum">The exercise's full marks.</param>
    /// <exception cref="Xunit.Sdk.XunitException">The score is not of that form, has another maximum, or is full
    /// marks.</exception>
    public static async Task AssertScoreBelowAsync(ILocator result, int maximum)
    {
        var score = await result.GetByLabel("Score", new() { Exact = true }).InnerTextAsync();
        var match = Regex.Match(score, @"^\s*(\d+)\s*/\s*(\d+)\s*$");
        Assert.True(match.Success, $"score '{score}'");
        Assert.Equal(maximum, int.Parse(match.Groups[2].Value));
        Assert.True(int.Parse(match.Groups[1].Value) < maximum, $"the starter scored {score}");
    }

    private static async Task<(string Text, string Language)?> FindEditorAsync(ILocator panel)
    {
        var state = await panel.EvaluateAsync<string[]?>(
            """
            panel => {
              const editor = monaco.editor.getEditors().find(e => panel.contains(e.getContainerDomNode()));
              return editor ? [editor.getModel().getValue(), editor.getModel().getLanguageId()] : null;
            }
            """);
        return state is [var text, var language] ? (text, language) : null;
    }
}
