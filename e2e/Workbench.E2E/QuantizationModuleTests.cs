using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Xunit;
using static Microsoft.Playwright.Assertions;

namespace Workbench.E2E;

/// <summary>The quantization module in Chromium on the real app: stories260K quantized to Q4_0 by the page's own
/// widget (llama.cpp in the model-tool child process, a progress bar, each tensor's final type with the fallbacks);
/// the new file appears, ticked, in the comparison without a reload and is measured against its source (perplexity,
/// KL, greedy outputs); the weight view opens the same file's blocks; the precision picture and the VRAM calculator
/// render with llama.cpp's own memory report for the loaded model; axe finds no serious violations.</summary>
[Collection(WorkbenchAppCollection.Name)]
public sealed class QuantizationModuleTests(WorkbenchApp app)
{
    [Fact]
    public async Task QuantizationPage_QuantizeCompareOpenTheWeightsAndSizeTheVram()
    {
        var page = await app.OpenReadyAsync("modules/quantization");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync("Quantization");

        // Quantize stories260K (F32) to Q4_0.
        var quantize = page.GetByRole(AriaRole.Region, new() { Name = "Quantize a model" });
        await quantize.GetByLabel("Source model").SelectOptionAsync("stories260K.gguf");
        await quantize.GetByLabel("Type", new() { Exact = true }).SelectOptionAsync("Q4_0");
        await quantize.GetByRole(AriaRole.Button, new() { Name = "Start quantizing" }).ClickAsync();
        await Expect(quantize.GetByLabel("Job status")).ToHaveTextAsync(new Regex("^done"), new() { Timeout = 60_000 });
        await Expect(quantize.GetByLabel("Size before and after")).ToContainTextAsync("stories260K-Q4_0.gguf");
        var tensors = quantize.GetByRole(AriaRole.Table, new() { Name = "Tensors" });
        await Expect(tensors.Locator("tbody tr")).Not.ToHaveCountAsync(0);
        await Expect(tensors.GetByRole(AriaRole.Row, new() { Name = "Tensor blk.0.attn_q.weight" })).ToContainTextAsync("q4_0");
        await Screenshots.SaveAsync(quantize, "quantize.png");

        // The comparison picks the new file up without a reload, ticked, and measures it against the source.
        var compare = page.GetByRole(AriaRole.Region, new() { Name = "Quantization comparison" });
        await compare.GetByLabel("Source", new() { Exact = true }).SelectOptionAsync("stories260K.gguf");
        var tick = compare.GetByRole(AriaRole.Checkbox, new() { Name = "Compare stories260K-Q4_0.gguf" });
        await Expect(tick).ToBeCheckedAsync();
        await compare.GetByRole(AriaRole.Button, new() { Name = "Run the comparison" }).ClickAsync();
        var table = compare.GetByRole(AriaRole.Table, new() { Name = "Comparison table" });
        await Expect(table).ToBeVisibleAsync(new() { Timeout = 120_000 });
        await Expect(table).ToContainTextAsync("stories260K-Q4_0.gguf");
        await Expect(compare.GetByRole(AriaRole.Article, new() { Name = "Greedy output of stories260K-Q4_0.gguf" })).Not.ToBeEmptyAsync();
        await Screenshots.SaveAsync(compare, "quant-compare.png");

        // The weight view: the source against the new Q4_0 file, one block opened.
        var weights = page.GetByRole(AriaRole.Region, new() { Name = "Weight view" });
        await weights.GetByLabel("After (quantized)").SelectOptionAsync("stories260K-Q4_0.gguf");
        await weights.GetByLabel("Tensor", new() { Exact = true }).SelectOptionAsync("blk.0.attn_q.weight");
        await Expect(weights.GetByLabel("After type")).ToContainTextAsync("q4_0", new() { Timeout = 30_000, IgnoreCase = true });
        await Expect(weights.GetByLabel("RMSE")).Not.ToBeEmptyAsync();
        await Screenshots.SaveAsync(weights, "weight-view.png");

        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Precision picture" })).ToBeVisibleAsync();
        await Screenshots.SaveAsync(page.GetByRole(AriaRole.Region, new() { Name = "Precision picture" }), "precision-picture.png");

        // The VRAM calculator on the loaded model: the estimate beside llama.cpp's own report.
        var vram = page.GetByRole(AriaRole.Region, new() { Name = "VRAM calculator" });
        await Expect(vram.GetByLabel("Total estimate")).ToContainTextAsync("total");
        await Expect(vram.GetByRole(AriaRole.Table, new() { Name = "Breakdown" })).ToBeVisibleAsync();
        await Expect(vram.GetByRole(AriaRole.List, new() { Name = "GPU tiers" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(4);
        await Screenshots.SaveAsync(vram, "vram-calculator.png");

        await Screenshots.SaveAsync(page, "quantization.png");
        await Accessibility.AssertNoSeriousViolationsAsync(page, "the quantization module after its widgets ran");
    }
}
