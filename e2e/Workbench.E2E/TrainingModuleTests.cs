using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>Lab 09's training page in Chromium on the real app and the real <c>Workbench.Train --json</c> (built next to
/// the web app, found as the sandbox host is): a <c>tiny</c> run of 50 steps gains loss-curve points while it runs,
/// shows checkpoint samples, ends done with the model's size and parameter count; axe finds no serious
/// violations.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class TrainingModuleTests(WorkbenchApp app)
{
    [Fact]
    public async Task TrainingPage_TinyRun_LiveCurveSamplesAndDone()
    {
        var page = await app.OpenReadyAsync("modules/training");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("watch a model learn");
        var widget = TrainingWidget.On(page);
        await TrainingWidget.StartTinyRunAsync(widget);
        await Expect(widget.GetByRole(AriaRole.Button, new() { Name = "Stop training" })).ToBeEnabledAsync();

        // The curve gains points while the run is still going.
        var status = widget.GetByRole(AriaRole.Status, new() { Name = "Training status" });
        var points = widget.GetByTestId("point-count");
        await Expect(points).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^([3-9]|[1-9][0-9]+)$"), new() { Timeout = 120_000 });
        var whileRunning = await status.InnerTextAsync();
        await Expect(widget.GetByRole(AriaRole.Table).First).ToContainTextAsync("0", new() { Timeout = 60_000 });
        await Expect(status).ToContainTextAsync("Done", new() { Timeout = 180_000 });
        Assert.DoesNotContain("Done", whileRunning, StringComparison.Ordinal);
        await Expect(widget.GetByLabel("Loss curve").Locator("svg path:visible").First).ToBeVisibleAsync();
        await Expect(widget.GetByLabel("Trained model", new() { Exact = true })).ToContainTextAsync("parameters");
        await Expect(widget.GetByRole(AriaRole.Button, new() { Name = "Load in chat" })).ToBeVisibleAsync(); // self-paced: EngineControl

        // Try your model: the trained model answers a message (its raw text, a 50-step tiny model's babble or call).
        await TrainingWidget.AskAsync(widget, "What's the weather in Oslo?");

        await Screenshots.SaveAsync(page, "training.png", fullPage: false);
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the training page after a run");
    }
}
