using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The token-streaming module in Chromium on the real app, worker and default model (stories260K, a
/// 2,048-token window): the three transports on one prompt, and cancellation with the server's proof.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed partial class StreamingModuleTests(WorkbenchApp app)
{
    private static readonly string[] Titles = ["Non-streaming", "SSE", "SignalR"];

    [Fact]
    public async Task RunAll_ThreeTransports_FramesRebuildTheTextAndMetricsShow()
    {
        const int maxTokens = 200;
        var page = await app.OpenReadyAsync("modules/streaming");
        await page.GetByLabel("max_tokens").FillAsync($"{maxTokens}");
        await Expect(page.GetByLabel("Ignore EOS")).ToBeCheckedAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Run all transports" }).ClickAsync();

        foreach (var title in Titles)
            await Expect(page.GetByRole(AriaRole.Status, new() { Name = $"{title} state" })).ToHaveTextAsync("done", new() { Timeout = 60_000 });

        // SSE: every frame is a data: line; the content deltas rebuild the pane's text; the last frame is [DONE].
        var frames = await page.GetByRole(AriaRole.List, new() { Name = "SSE frames" }).Locator("li code").AllTextContentsAsync();
        Assert.True(frames.Count >= 3, $"only {frames.Count} frames");
        Assert.All(frames, f => Assert.StartsWith("data: ", f));
        Assert.Equal("data: [DONE]", frames[^1]);
        var sseText = new StringBuilder();
        foreach (var frame in frames.Take(frames.Count - 1))
        {
            var chunk = JsonDocument.Parse(frame["data: ".Length..]).RootElement;
            Assert.Equal("chat.completion.chunk", chunk.GetProperty("object").GetString());
            if (chunk.GetProperty("choices") is { ValueKind: JsonValueKind.Array } choices && choices.GetArrayLength() > 0
                && choices[0].GetProperty("delta").TryGetProperty("content", out var content))
                sseText.Append(content.GetString());
        }
        Assert.Equal(sseText.ToString(), await page.GetByRole(AriaRole.Document, new() { Name = "SSE text" }).TextContentAsync());
        Assert.Equal("length", await page.GetByLabel("SSE finish reason").TextContentAsync());

        // SignalR: the StreamDelta items rebuild the text; the last one carries finishReason and usage.
        var items = await page.GetByRole(AriaRole.List, new() { Name = "SignalR items" }).Locator("li code").AllTextContentsAsync();
        var deltas = items.Select(i => JsonDocument.Parse(i).RootElement).ToList();
        Assert.Equal(string.Concat(deltas.Select(d => d.TryGetProperty("text", out var t) ? t.GetString() : "")),
            await page.GetByRole(AriaRole.Document, new() { Name = "SignalR text" }).TextContentAsync());
        Assert.Equal(maxTokens, deltas[^1].GetProperty("usage").GetProperty("completionTokens").GetInt32());

        // Non-streaming: one body whose message is the pane's text.
        var body = JsonDocument.Parse(await page.GetByLabel("Non-streaming response body").TextContentAsync() ?? "").RootElement;
        Assert.Equal(body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString(),
            await page.GetByRole(AriaRole.Document, new() { Name = "Non-streaming text" }).TextContentAsync());
        Assert.Equal(maxTokens, body.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

        foreach (var title in Titles)
            Assert.Matches(MsPattern(), await page.GetByLabel($"{title} time to first token").TextContentAsync());
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Stream metrics" }).Locator("tbody tr")).ToHaveCountAsync(3);
        await Expect(page.GetByRole(AriaRole.Figure, new() { Name = "Inter-token latency histogram" }).Locator("svg").First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Figure, new() { Name = "Tokens per second chart" }).Locator("svg").First).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page, "streaming.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the streaming module after a run");
    }

    [Theory]
    [InlineData("SSE")]
    [InlineData("SignalR")]
    public async Task Cancel_AStreamingTransport_TheServerStopsGenerating(string title)
    {
        var page = await app.OpenReadyAsync("modules/streaming");
        await page.GetByLabel("max_tokens").FillAsync("2000"); // with ignore_eos: the whole 2,048-token window
        await page.GetByLabel("Cancel after (tokens)").FillAsync("3");
        var proof = page.GetByRole(AriaRole.Status, new() { Name = $"{title} server proof" });

        // The tiny model is fast; in the rare case the run ended before the cancel reached the server, the widget
        // says so ("Finished before the cancel arrived") and the run is repeated.
        string text = "";
        for (var attempt = 0; attempt < 3 && !text.StartsWith("Stopped:", StringComparison.Ordinal); attempt++)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = $"Run {title}" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status, new() { Name = $"{title} state" })).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
            await Expect(proof).ToHaveTextAsync(new Regex("^(Stopped|Finished before)"), new() { Timeout = 30_000 });
            text = await proof.TextContentAsync() ?? "";
        }

        Assert.StartsWith("Stopped:", text);
        var received = int.Parse(await page.GetByLabel($"{title} tokens received").TextContentAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(received, 3, 1999);
        var list = page.GetByRole(AriaRole.List, new() { Name = title == "SSE" ? "SSE frames" : "SignalR items" });
        await Expect(list.Locator("li.wb-sc-cancel")).ToHaveCountAsync(1);
        Assert.DoesNotContain("data: [DONE]", await list.Locator("li code").AllTextContentsAsync());
        var shown = await page.GetByRole(AriaRole.Document, new() { Name = $"{title} text" }).TextContentAsync();
        await Task.Delay(500);
        Assert.Equal(shown, await page.GetByRole(AriaRole.Document, new() { Name = $"{title} text" }).TextContentAsync()); // no longer growing
    }

    [GeneratedRegex(@"^\d+\.\d ms$")]
    private static partial Regex MsPattern();
}
