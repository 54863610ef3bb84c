using System.Text.Json;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The lab in Chromium against the real app, worker and default model (stories260K).</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class LabTests(WorkbenchApp app)
{
    private const string ReplySelector = "article[aria-label='Assistant message'] [aria-label='Reply text']";

    [Fact]
    public async Task Home_Opens_WithTitleAndModules()
    {
        var page = await app.OpenReadyAsync("");

        await Expect(page).ToHaveTitleAsync("LLM Workbench");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "LLM Workbench", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Modules" }).GetByRole(AriaRole.Link, new() { Name = "Chat", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Loaded model")).ToContainTextAsync("stories260K.gguf");
    }

    [Fact]
    public async Task ModelPage_ShowsDefaultModelMetadata()
    {
        var page = await app.OpenReadyAsync("model");

        var table = page.GetByRole(AriaRole.Table, new() { Name = "Model metadata" });
        await Expect(table).ToBeVisibleAsync();
        // Facts of the file as listed in ../shared/models/MANIFEST.md.
        await Expect(Row(table, "Architecture")).ToHaveTextAsync("llama");
        await Expect(Row(table, "File")).ToHaveTextAsync("stories260K.gguf");
        await Expect(Row(table, "Embedding length")).ToHaveTextAsync("64");
        await Expect(Row(table, "Layers")).ToHaveTextAsync("5");
        await Expect(Row(table, "Context length (train)")).ToHaveTextAsync("2048");
        await Expect(page.GetByRole(AriaRole.Grid)).ToContainTextAsync("general.architecture");
    }

    [Fact]
    public async Task Chat_Send_ReplyStreamsThroughSeveralStates()
    {
        var page = await app.OpenReadyAsync("chat");

        int[] intermediate = [];
        string final = "";
        // A story model sometimes ends its story (EOS) after a few tokens; a long reply shows the streaming.
        for (var attempt = 0; attempt < 8 && intermediate.Length < 3; attempt++)
        {
            // Set on every attempt: settings filled into the prerendered page before the circuit attached are lost.
            await page.GetByLabel("Max tokens").FillAsync("1500");
            await page.GetByLabel("Temperature").FillAsync("1");
            await page.GetByLabel("Ignore EOS").CheckAsync(); // the story may not end early: the reply is long enough to watch
            var clear = page.GetByRole(AriaRole.Button, new() { Name = "Clear" });
            if (await clear.IsEnabledAsync()) await clear.ClickAsync();
            await ObserveReplyLengthsAsync(page);
            await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Once upon a time, a little fox");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            try
            {
                await Expect(page.GetByRole(AriaRole.Status, new() { Name = "Chat state" })).ToHaveTextAsync("Idle", new() { Timeout = 60_000 });
            }
            catch (PlaywrightException ex)
            {
                var log = app.Log;
                throw new Xunit.Sdk.XunitException($"{ex.Message}\n--- app log (tail) ---\n{log[Math.Max(0, log.Length - 6000)..]}");
            }
            final = await page.Locator(ReplySelector).TextContentAsync() ?? "";
            var lengths = await page.EvaluateAsync<int[]>("() => window.__replyLengths");
            intermediate = lengths.Where(l => l > 0 && l < final.Length).Distinct().ToArray();
        }

        Assert.True(intermediate.Length >= 3, $"saw {intermediate.Length} intermediate states of a {final.Length}-character reply");
        // Markdown re-rendering can shorten the text for a moment (an opening "*" becomes emphasis), so check growth
        // overall rather than strict monotonicity.
        Assert.True(intermediate[0] < intermediate[^1], $"the reply did not grow: {string.Join(", ", intermediate)}");
        await Expect(page.GetByLabel("Generation stats")).ToContainTextAsync("tok/s");
        await Expect(page.GetByLabel("Finish reason")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("^(stop|length)$"));

        // The screenshot for docs/: an ordinary story reply (the story ends when the model says so).
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear" }).ClickAsync();
        await page.GetByLabel("Ignore EOS").UncheckAsync();
        await page.GetByLabel("Max tokens").FillAsync("200");
        await page.GetByLabel("Token probabilities").CheckAsync();
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Once upon a time, a little fox");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.GetByLabel("Finish reason")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Screenshots.SaveAsync(page, "chat.png", fullPage: false);
    }

    [Fact]
    public async Task Chat_Stop_EndsALongGenerationEarly()
    {
        var page = await app.OpenReadyAsync("chat");
        await page.GetByLabel("Max tokens").FillAsync("0");
        await page.GetByLabel("Temperature").FillAsync("1.2");
        await page.GetByLabel("Ignore EOS").CheckAsync(); // writes until the 2,048-token window: seconds to press Stop
        var state = page.GetByRole(AriaRole.Status, new() { Name = "Chat state" });

        string? reason = null;
        for (var attempt = 0; attempt < 5 && reason != "cancelled"; attempt++)
        {
            await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Tell me a very long story about a dragon");
            await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeEnabledAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Stop" }).ClickAsync(new() { Timeout = 5_000 }).ContinueWith(_ => { });
            await Expect(state).ToHaveTextAsync("Idle", new() { Timeout = 10_000 });
            reason = await page.GetByLabel("Finish reason").Last.TextContentAsync();
        }

        Assert.Equal("cancelled", reason);
        var stopped = await page.Locator(ReplySelector).Last.TextContentAsync();
        await Task.Delay(500);
        Assert.Equal(stopped, await page.Locator(ReplySelector).Last.TextContentAsync()); // no longer growing
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Stop" })).ToBeDisabledAsync();
    }

    [Fact]
    public async Task StreamPage_ShowsRawDeltaEvents()
    {
        var page = await app.OpenReadyAsync("stream");
        await page.GetByLabel("Max tokens").FillAsync("32");

        await page.GetByRole(AriaRole.Button, new() { Name = "Start stream" }).ClickAsync();

        var events = page.GetByRole(AriaRole.List, new() { Name = "Stream events" });
        await Expect(events.Locator("li.wb-stream-complete")).ToHaveCountAsync(1, new() { Timeout = 30_000 });
        var deltas = await events.Locator("li.wb-stream-delta code").AllTextContentsAsync();
        Assert.True(deltas.Count >= 3, $"only {deltas.Count} deltas");
        foreach (var json in deltas)
        {
            using var doc = JsonDocument.Parse(json);
            Assert.True(doc.RootElement.TryGetProperty("text", out _));
        }
        using var last = JsonDocument.Parse(deltas[^1]);
        Assert.True(last.RootElement.TryGetProperty("finishReason", out _));
    }

    private static ILocator Row(ILocator table, string header) => table.Locator($"tr:has(th:text-is('{header}')) td");

    /// <summary>Records, in the page, the reply's text length at every DOM mutation of the conversation.</summary>
    private static Task ObserveReplyLengthsAsync(IPage page) => page.EvaluateAsync(@"() => {
        window.__replyLengths = [];
        const conversation = document.querySelector(""[aria-label='Conversation']"");
        if (window.__replyObserver) window.__replyObserver.disconnect();
        window.__replyObserver = new MutationObserver(() => {
            const reply = conversation.querySelector(""article[aria-label='Assistant message'] [aria-label='Reply text']"");
            if (reply) window.__replyLengths.push(reply.textContent.length);
        });
        window.__replyObserver.observe(conversation, { subtree: true, childList: true, characterData: true });
    }");
}
