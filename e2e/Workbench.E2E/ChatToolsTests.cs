using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>Tools in the chat page in Chromium on the real app, worker and default model (stories260K): the built-in
/// tools picked in the Tools panel, <c>calculate</c> forced for the first step, a send shows the call (name and
/// arguments) in the assistant bubble, the result in its own tool bubble, and a final reply; axe on the page after.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class ChatToolsTests(WorkbenchApp app)
{
    [Fact]
    public async Task ChatPage_BuiltinCalculateForced_ShowsTheCallAndTheResultBubbles()
    {
        var page = await app.OpenReadyAsync("chat");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Chat", Level = 1 })).ToBeVisibleAsync();

        var tools = page.GetByRole(AriaRole.Region, new() { Name = "Tools", Exact = true });
        await tools.GetByLabel("Tool source").SelectOptionAsync("builtin");
        await Expect(tools.GetByRole(AriaRole.Checkbox, new() { Name = "calculate" })).ToBeCheckedAsync();
        await tools.GetByLabel("First step tool_choice").SelectOptionAsync("calculate");
        // The expression is a free string and the story model closes its quotes when a character speaks: room for it,
        // and a fixed seed so the run is the same each time.
        await page.Locator("#max-tokens").FillAsync("400");
        await page.Locator("#max-tokens").BlurAsync();
        await page.Locator("#seed").FillAsync("7");
        await page.Locator("#seed").BlurAsync();

        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("What is 6 times 7?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();

        var state = page.GetByRole(AriaRole.Status, new() { Name = "Chat state" });
        await Expect(state).ToHaveTextAsync("Generating", new() { Timeout = 10_000 });
        await Expect(state).ToHaveTextAsync("Idle", new() { Timeout = 120_000 });
        Assert.Empty(await page.GetByRole(AriaRole.Alert).AllInnerTextsAsync());

        var conversation = page.GetByRole(AriaRole.Region, new() { Name = "Conversation" });
        var replies = conversation.GetByRole(AriaRole.Article, new() { Name = "Assistant message" });
        var first = replies.First;
        var call = first.GetByRole(AriaRole.List, new() { Name = "Tool calls" }).GetByRole(AriaRole.Listitem).First;
        await Expect(call.GetByLabel("Function name")).ToHaveTextAsync("calculate");
        await Expect(call.GetByLabel("Arguments")).ToHaveTextAsync(new Regex("^\\{\"expression\":\".*\"\\}$"));
        await Expect(first.GetByLabel("Finish reason")).ToHaveTextAsync("tool_calls");

        var results = conversation.GetByRole(AriaRole.Article, new() { Name = "Tool result" });
        Assert.True(await results.CountAsync() >= 1, "no tool result bubble");
        await Expect(results.First.GetByLabel("Tool name")).ToHaveTextAsync("calculate");
        await Expect(results.First.GetByLabel("Result text")).Not.ToBeEmptyAsync();
        await Expect(results.First.GetByLabel("Result text")).Not.ToHaveTextAsync("running…");
        await Expect(results.First.GetByLabel("Call id")).ToHaveTextAsync((await call.GetByLabel("Call id").TextContentAsync())!);

        // The story model does not call again when it may choose (auto): the last bubble is the final reply.
        await Expect(conversation.GetByRole(AriaRole.Article).Last).ToHaveAttributeAsync("aria-label", "Assistant message");
        await Expect(replies.Last.GetByRole(AriaRole.List, new() { Name = "Tool calls" })).ToHaveCountAsync(0);
        await Expect(replies.Last.GetByLabel("Finish reason")).ToHaveTextAsync(new Regex("^(stop|length)$"));

        await Accessibility.AssertNoSeriousViolationsAsync(page, "the chat page after a tool turn");
        // The viewport from the question down: the call bubble, the result bubbles, the Tools panel beside them.
        await page.EvaluateAsync("() => document.querySelector('article[aria-label=\"User message\"]').scrollIntoView({ block: 'start' })");
        await Screenshots.SaveAsync(page, "chat-tools.png", fullPage: false);
    }
}
