using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>axe-core on the classroom pages (<see cref="Accessibility"/>): sign-in and join as a visitor sees them,
/// the class list and a class dashboard as its instructor sees them.</summary>
[Collection(ClassroomAppCollection.Name)]
public sealed class ClassroomAccessibilityTests(ClassroomWorkbenchApp app)
{
    [Fact]
    public async Task SignInAndJoin_HaveNoSeriousOrCriticalAxeViolations()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("account/login");
        await Expect(page.GetByLabel("User name")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the sign-in page");

        await page.GotoAsync("join");
        await Expect(page.GetByLabel("Join code")).ToBeVisibleAsync();
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the join page");
    }

    [Fact]
    public async Task ClassesAndDashboard_HaveNoSeriousOrCriticalAxeViolations()
    {
        var page = await app.NewPageAsync();
        await page.GotoAsync("account/login");
        await page.GetByLabel("User name").FillAsync(ClassroomWorkbenchApp.InstructorName);
        await page.GetByLabel("Password").FillAsync(ClassroomWorkbenchApp.InstructorPassword);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await page.GotoAsync("classes");
        await WorkbenchApp.WaitInteractiveAsync(page);
        var className = $"A11y class {Guid.NewGuid():N}"[..20];
        await page.GetByLabel("Class name").FillAsync(className);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create class" }).ClickAsync();
        await Expect(page.GetByLabel("New class").GetByLabel("Join code")).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "a11y-classes.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the class list");

        await page.GetByRole(AriaRole.Link, new() { Name = className }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = className })).ToBeVisibleAsync();
        await WorkbenchApp.WaitInteractiveAsync(page);
        await Screenshots.SaveAsync(page, "a11y-dashboard.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the class dashboard");
    }
}
