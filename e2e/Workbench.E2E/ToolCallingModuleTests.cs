using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The tool-calling module in Chromium on the real app, worker and default model (stories260K): the token
/// budget against n_ctx (rendered tools that do not fit are refused before sending, then sent left out of the
/// prompt), a forced call shows its raw text and parsed call, the format gallery renders the real templates, and the parser-matching
/// widget shows the Hermes parser matching a Hermes output while Qwen3-Coder's and Mistral's miss it silently.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class ToolCallingModuleTests(WorkbenchApp app)
{
    [Fact]
    public async Task ToolCallingPage_BudgetForcedCallGalleryAndParserMatching()
    {
        var page = await app.OpenReadyAsync("modules/tool-calling");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Tool calling", Level = 1 })).ToBeVisibleAsync();

        var tools = page.GetByRole(AriaRole.Region, new() { Name = "Tool definitions" });
        await Expect(tools.GetByRole(AriaRole.Code).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await tools.GetByLabel("max_tokens").FillAsync("300");
        await tools.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        var budget = tools.GetByRole(AriaRole.Status, new() { Name = "Token budget" });
        await Expect(budget).ToContainTextAsync("n_ctx", new() { Timeout = 60_000 });
        await Expect(tools.GetByRole(AriaRole.Status, new() { Name = "Tool definitions state" })).ToHaveTextAsync("Idle", new() { Timeout = 90_000 });
        var numbers = System.Text.RegularExpressions.Regex.Matches(await budget.InnerTextAsync(), @"\d+").Select(m => int.Parse(m.Value)).ToList();
        var (promptTokens, nCtx) = (numbers[0], numbers[^1]);
        if (promptTokens >= nCtx)
        {
            // The rendered tools do not fit the window: refused before sending, never cut.
            await Expect(budget).ToContainTextAsync("Too long");
            await Expect(tools.GetByLabel("finish_reason")).ToHaveCountAsync(0);
            await tools.GetByLabel("render the tools into the prompt").UncheckAsync();
            await tools.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        }
        else
        {
            await Expect(budget).Not.ToContainTextAsync("Too long");
        }
        await Expect(tools.GetByLabel("finish_reason")).ToHaveTextAsync("tool_calls", new() { Timeout = 90_000 });
        await Expect(tools.GetByRole(AriaRole.Status, new() { Name = "Tool definitions state" })).ToHaveTextAsync("Idle", new() { Timeout = 60_000 });
        var name = await tools.GetByLabel("Function name").First.TextContentAsync();
        Assert.Contains(name, new[] { "get_weather", "convert_units" });
        await Expect(tools.GetByLabel("Raw model text")).ToContainTextAsync("<tool_call>");

        var gallery = page.GetByRole(AriaRole.Region, new() { Name = "Format gallery" });
        await Expect(gallery.GetByRole(AriaRole.Status, new() { Name = "Gallery state" })).ToContainTextAsync("templates rendered", new() { Timeout = 60_000 });
        var cards = gallery.GetByRole(AriaRole.Listitem);
        Assert.True(await cards.CountAsync() >= 4, "fewer than four templates rendered");
        await Expect(gallery.GetByLabel("Render error")).ToHaveCountAsync(0);
        await Expect(gallery.GetByRole(AriaRole.Listitem, new() { Name = "qwen2.5-instruct.jinja" }).Locator("mark").First).ToContainTextAsync("<tool_call>");

        var parsers = page.GetByRole(AriaRole.Region, new() { Name = "Parser matching" });
        await parsers.GetByLabel("Example output").SelectOptionAsync(new SelectOptionValue { Index = 1 });
        var hermes = parsers.GetByRole(AriaRole.Listitem, new() { Name = "Hermes parser" });
        await Expect(hermes.GetByRole(AriaRole.Status, new() { Name = "Verdict" })).ToContainTextAsync("match · 1 call");
        await Expect(hermes.GetByLabel("finish_reason")).ToHaveTextAsync("tool_calls");
        foreach (var miss in new[] { "Qwen3-Coder XML parser", "Mistral [TOOL_CALLS] parser" })
        {
            var card = parsers.GetByRole(AriaRole.Listitem, new() { Name = miss });
            await Expect(card.GetByRole(AriaRole.Status, new() { Name = "Verdict" })).ToHaveTextAsync("no match");
            await Expect(card.GetByLabel("finish_reason")).ToHaveTextAsync("stop");
            await Expect(card.GetByRole(AriaRole.Note, new() { Name = "Silent failure" })).ToBeVisibleAsync();
        }

        await Screenshots.SaveAsync(page, "tool-calling.png");
        await Screenshots.SaveAsync(tools, "tool-definitions.png");
        await gallery.ScrollIntoViewIfNeededAsync();
        await Screenshots.SaveAsync(page, "tool-format-gallery.png", fullPage: false);
        await Screenshots.SaveAsync(parsers, "tool-parser-matching.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the tool-calling module after its widgets ran");
    }
}
