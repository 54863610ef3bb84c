using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The steps on lab 09's training widget that several tests take: start a tiny run, ask the trained model.</summary>
public static class TrainingWidget
{
    /// <summary>The widget (the region "Training run") on <paramref name="page"/>.</summary>
    public static ILocator On(IPage page) => page.GetByRole(AriaRole.Region, new() { Name = "Training run" });

    /// <summary>Picks the tiny model, 50 steps, and presses Start training.</summary>
    public static async Task StartTinyRunAsync(ILocator widget)
    {
        await widget.GetByLabel("Model size").SelectOptionAsync("tiny");
        await widget.GetByLabel("Steps (50–2000)").FillAsync("50");
        await widget.GetByLabel("Steps (50–2000)").BlurAsync();
        await widget.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync();
    }

    /// <summary>Try your model: sends <paramref name="message"/> and waits for the raw reply, with no error shown.</summary>
    public static async Task AskAsync(ILocator widget, string message)
    {
        var tryIt = widget.GetByRole(AriaRole.Form, new() { Name = "Try your model" });
        await tryIt.GetByLabel("Ask your trained model", new() { Exact = false }).FillAsync(message);
        await tryIt.GetByRole(AriaRole.Button, new() { Name = "Ask the trained model" }).ClickAsync();
        await Expect(tryIt.GetByLabel("Trained model reply")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(tryIt.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
    }
}
