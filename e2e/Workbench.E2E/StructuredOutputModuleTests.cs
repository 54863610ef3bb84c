using System.Text.Json;
using Microsoft.Playwright;
using Workbench.Engine.Grammar.JsonSchema;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The structured-output module in Chromium on the real app, worker and default model (stories260K): the
/// Monaco schema editor, the four modes with verdicts the validator agrees with, the experiment's table and chart,
/// and the grammar step view over the worker's wire format.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class StructuredOutputModuleTests(WorkbenchApp app)
{
    private static readonly string[] ModeLabels = ["Free text", "Prompt-only", "JSON mode", "Schema-constrained"];

    [Fact]
    public async Task StructuredOutputPage_RunsModesExperimentAndGrammarSteps()
    {
        var page = await app.OpenReadyAsync("modules/structured-output");
        var modes = page.GetByRole(AriaRole.Region, new() { Name = "Schema modes" });
        await Expect(modes.GetByRole(AriaRole.Code).First).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var schemaText = await page.EvaluateAsync<string>("() => monaco.editor.getModels()[0].getValue()");
        using var schema = JsonDocument.Parse(schemaText);

        await modes.GetByRole(AriaRole.Button, new() { Name = "Run the four modes" }).ClickAsync();
        // The state reads Idle until the click reaches the circuit: wait for the results first.
        await Expect(modes.GetByRole(AriaRole.Listitem).GetByLabel("finish_reason")).ToHaveCountAsync(4, new() { Timeout = 90_000 });
        await Expect(modes.GetByRole(AriaRole.Status, new() { Name = "Schema modes state" })).ToHaveTextAsync("Idle", new() { Timeout = 90_000 });
        foreach (var label in ModeLabels)
        {
            var card = modes.GetByRole(AriaRole.Listitem, new() { Name = $"{label} result" });
            var reply = await card.GetByLabel("Reply", new() { Exact = true }).TextContentAsync() ?? "";
            var verdict = await card.GetByRole(AriaRole.Status, new() { Name = "Verdict" }).TextContentAsync();
            Assert.Equal(ExpectedVerdict(schema.RootElement, reply == "(empty reply)" ? "" : reply), verdict);
            if (label == "Schema-constrained" && await card.GetByLabel("finish_reason").TextContentAsync() == "stop") Assert.Equal("valid", verdict);
        }

        await modes.GetByLabel("Runs per mode").FillAsync("3");
        await modes.GetByRole(AriaRole.Button, new() { Name = "Run experiment" }).ClickAsync();
        await Expect(modes.GetByLabel("Experiment count")).ToHaveTextAsync("12 / 12", new() { Timeout = 120_000 });
        var rows = modes.GetByRole(AriaRole.Table, new() { Name = "Validity per mode" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        Assert.Equal(ModeLabels, (await rows.Locator("th").AllTextContentsAsync()).Select(t => t.Trim()));
        Assert.All(await rows.Locator("td[data-col='runs']").AllTextContentsAsync(), runs => Assert.Equal("3", runs));
        await Expect(modes.GetByRole(AriaRole.Img, new() { Name = "Validity chart" }).Locator("svg").First).ToBeVisibleAsync();

        var steps = page.GetByRole(AriaRole.Region, new() { Name = "Grammar steps" });
        await steps.GetByRole(AriaRole.Button, new() { Name = "Generate with the grammar" }).ClickAsync();
        await Expect(steps.GetByLabel("finish_reason")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await Expect(steps.GetByRole(AriaRole.Status, new() { Name = "Grammar steps state" })).ToHaveTextAsync("Idle", new() { Timeout = 60_000 });
        var counts = await steps.GetByLabel("Allowed count").AllTextContentsAsync();
        Assert.NotEmpty(counts);
        var vocab = int.Parse(await steps.GetByLabel("n_vocab").TextContentAsync() ?? "0");
        Assert.All(counts, c => Assert.InRange(int.Parse(c), 1, vocab));
        Assert.True(await steps.Locator("li[data-allowed='false'] del").CountAsync() > 0, "no candidate was struck out");
        Assert.Equal(0, await steps.Locator("li[data-sampled='true'][data-allowed='false']").CountAsync());

        await Screenshots.SaveAsync(page, "structured-output.png");
        await Screenshots.SaveAsync(steps, "grammar-steps.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the structured-output module after its widgets ran");
    }

    private static string ExpectedVerdict(JsonElement schema, string reply)
    {
        try
        {
            using var document = JsonDocument.Parse(reply);
            var errors = JsonSchemaValidator.Validate(schema, document.RootElement);
            return errors.Count == 0 ? "valid" : errors.Count == 1 ? "JSON, 1 schema error" : $"JSON, {errors.Count} schema errors";
        }
        catch (JsonException)
        {
            return "not JSON";
        }
    }
}
