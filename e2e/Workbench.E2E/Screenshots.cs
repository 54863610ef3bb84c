using Microsoft.Playwright;

namespace Workbench.E2E;

/// <summary>
/// Screenshots taken by the end-to-end tests: written to <c>e2e/screenshots/NAME</c> (ignored by git) and copied to
/// <c>docs/screenshots/NAME</c> only when <c>WORKBENCH_UPDATE_SCREENSHOTS=1</c>, so a test run leaves the working
/// tree clean.
/// </summary>
public static class Screenshots
{
    /// <summary>Saves a screenshot of the page.</summary>
    /// <param name="page">The page.</param>
    /// <param name="name">File name, for example <c>lab01.png</c>.</param>
    /// <param name="fullPage">The whole scrollable page (true) or the viewport.</param>
    public static async Task SaveAsync(IPage page, string name, bool fullPage = true) =>
        Publish(await Take(name, path => page.ScreenshotAsync(new() { Path = path, FullPage = fullPage })), name);

    /// <summary>Saves a screenshot of one element (a widget).</summary>
    /// <param name="element">The element.</param>
    /// <param name="name">File name, for example <c>structured-grammar-steps.png</c>.</param>
    public static async Task SaveAsync(ILocator element, string name) =>
        Publish(await Take(name, path => element.ScreenshotAsync(new() { Path = path })), name);

    private static async Task<string> Take(string name, Func<string, Task<byte[]>> capture)
    {
        var shot = Path.Combine(WorkbenchApp.RepoRoot, "e2e", "screenshots", name);
        Directory.CreateDirectory(Path.GetDirectoryName(shot)!);
        await capture(shot);
        return shot;
    }

    private static void Publish(string shot, string name)
    {
        if (Environment.GetEnvironmentVariable("WORKBENCH_UPDATE_SCREENSHOTS") != "1") return;
        var docs = Path.Combine(WorkbenchApp.RepoRoot, "docs", "screenshots");
        Directory.CreateDirectory(docs);
        File.Copy(shot, Path.Combine(docs, name), overwrite: true);
    }
}
