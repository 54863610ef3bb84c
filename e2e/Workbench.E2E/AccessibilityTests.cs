using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>axe-core on every page of the self-paced app (<see cref="Accessibility"/>): no serious or critical
/// violation, checked once the page is interactive and its widgets have rendered.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class AccessibilityTests(WorkbenchApp app)
{
    /// <summary>Every page a self-paced learner can open (the lab pages come from <c>labs/</c>).</summary>
    public static TheoryData<string> Pages()
    {
        var pages = new TheoryData<string> { "", "model", "chat", "stream", "labs", "modules/chat-history", "modules/streaming", "modules/structured-output", "modules/tool-calling", "modules/mcp", "modules/quantization", "modules/coding-agent", "modules/training" };
        foreach (var lab in Directory.GetDirectories(Path.Combine(WorkbenchApp.RepoRoot, "labs")).Select(Path.GetFileName).Order(StringComparer.Ordinal))
            pages.Add($"labs/{lab}");
        return pages;
    }

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Page_HasNoSeriousOrCriticalAxeViolations(string path)
    {
        var page = await app.OpenReadyAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 }).First).ToBeVisibleAsync();
        if (path.StartsWith("labs/", StringComparison.Ordinal) && await page.Locator(".wb-code-editor, [aria-label^='Exercise: ']").CountAsync() > 0)
        {
            // Let the exercise editors (Monaco, loaded on demand) render: they are part of what a student meets.
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        }
        await Screenshots.SaveAsync(page, $"a11y-{(path.Length == 0 ? "home" : path.Replace('/', '-'))}.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, path.Length == 0 ? "the home page" : $"/{path}");
    }
}
