using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The chat-history module in Chromium against the real app, worker and default model (stories260K).</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class ChatHistoryModuleTests(WorkbenchApp app)
{
    [Fact]
    public async Task ChatHistoryPage_GaugeStrategiesAndForgetting_WorkOnTheRealModel()
    {
        var page = await app.OpenReadyAsync("modules/chat-history");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Lab 02: chat history" })).ToBeVisibleAsync();

        // Context gauge: the count made before sending is the engine's usage.prompt_tokens; the gauge rises.
        var gauge = page.GetByRole(AriaRole.Region, new() { Name = "Context gauge" });
        var meter = gauge.GetByRole(AriaRole.Meter, new() { Name = "Context used" });
        await Expect(meter).ToHaveAttributeAsync("aria-valuenow", new Regex("^[1-9][0-9]*$"));
        var before = int.Parse((await meter.GetAttributeAsync("aria-valuenow"))!);
        await Expect(gauge.GetByLabel("Rendered prompt")).ToContainTextAsync("<|im_start|>system");
        // One click sends (finding 15: the first click used to commit the text only, moving the button away).
        await gauge.GetByLabel("Your message").FillAsync("Tell me a story about a cat.");
        await gauge.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync(new() { Timeout = 5_000 });
        await Expect(gauge.GetByLabel("Last call", new() { Exact = true })).ToBeVisibleAsync(new() { Timeout = 60_000 });
        var counts = await gauge.GetByLabel("Last call", new() { Exact = true }).Locator("b").AllTextContentsAsync();
        Assert.Equal(counts[0], counts[1]);
        var after = int.Parse((await meter.GetAttributeAsync("aria-valuenow"))!);
        Assert.True(after > before, $"the gauge read {before} tokens before the turn and {after} after");
        // Enter sends too, once the first turn has finished (the "Last call" counts can show before the state
        // returns to Idle, and a busy gauge keeps the text unsent: CI pressed Enter in that gap).
        await Expect(gauge.GetByRole(AriaRole.Status, new() { Name = "Gauge state" })).ToHaveTextAsync("Idle", new() { Timeout = 60_000 });
        await gauge.GetByLabel("Your message").FillAsync("Tell me about a dog.");
        await gauge.GetByLabel("Your message").PressAsync("Enter");
        await Expect(gauge.GetByRole(AriaRole.List, new() { Name = "Messages" }).Locator("li")).ToHaveCountAsync(5, new() { Timeout = 60_000 });
        await Expect(gauge.GetByRole(AriaRole.Status, new() { Name = "Gauge state" })).ToHaveTextAsync("Idle", new() { Timeout = 60_000 });
        counts = await gauge.GetByLabel("Last call", new() { Exact = true }).Locator("b").AllTextContentsAsync();
        Assert.Equal(counts[0], counts[1]);

        // Strategies: one turn gives every strategy a view and a cost, and the chart appears.
        var strategies = page.GetByRole(AriaRole.Region, new() { Name = "History strategies" });
        await strategies.GetByLabel("Your message").FillAsync("Tell me about a red ball.");
        await strategies.GetByRole(AriaRole.Button, new() { Name = "Send message" }).ClickAsync();
        var table = strategies.GetByRole(AriaRole.Table, new() { Name = "Strategies" });
        await Expect(table.Locator("tr[aria-label='keep-all'] td[aria-label='Cumulative']")).ToHaveTextAsync(new Regex("^[1-9][0-9]*$"), new() { Timeout = 60_000 });
        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(5);
        await AssertFitsAsync(strategies, table); // finding 16: it was 1,100 px wide in an 806 px card
        await Expect(strategies.GetByRole(AriaRole.Figure, new() { Name = "Cost chart" }).Locator("svg").First).ToBeVisibleAsync();

        // Forgetting: a two-turn window no longer sends the fact; keep-all still does.
        var demo = page.GetByRole(AriaRole.Region, new() { Name = "Forgetting demo" });
        await demo.GetByRole(AriaRole.Button, new() { Name = "Run demo" }).ClickAsync();
        await Expect(demo.GetByRole(AriaRole.Status, new() { Name = "Demo state" })).ToHaveTextAsync("Done", new() { Timeout = 120_000 });
        var results = demo.GetByRole(AriaRole.Table, new() { Name = "Forgetting results" });
        await Expect(results.Locator("tr[aria-label='keep-all'] td[aria-label='Fact in the prompt']")).ToHaveTextAsync("yes");
        await Expect(results.Locator("tr[aria-label='sliding-window-turns'] td[aria-label='Fact in the prompt']")).ToHaveTextAsync("no: forgotten");
        await Expect(demo.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        // Finding 16: every strategy has its row (summarize follows the conversation and compacts as it goes), an
        // over-long prompt is that row's answer rather than the end of the demo, and the table fits its card.
        await Expect(results.Locator("tbody tr")).ToHaveCountAsync(5);
        await Expect(results.Locator("tr[aria-label='summarize'] td[aria-label='Answer']")).Not.ToBeEmptyAsync();
        await Expect(results.Locator("tr[aria-label='summarize'] td[aria-label='Answer']")).Not.ToContainTextAsync("context_length_exceeded");
        await AssertFitsAsync(demo, results);
        await Screenshots.SaveAsync(demo, "chat-history-forgetting.png");
        await Screenshots.SaveAsync(strategies, "chat-history-strategies.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the chat-history module after its demos ran");
        await Screenshots.SaveAsync(page, "chat-history.png");
    }

    private static async Task AssertFitsAsync(ILocator card, ILocator table)
    {
        var outer = (await card.BoundingBoxAsync())!;
        var inner = (await table.BoundingBoxAsync())!;
        Assert.True(inner.X >= outer.X - 0.5 && inner.X + inner.Width <= outer.X + outer.Width + 0.5,
            $"the table ({inner.Width:0} px from x={inner.X:0}) overflows its card ({outer.Width:0} px from x={outer.X:0})");
    }
}
