using System.Globalization;
using Bunit;
using Workbench.Engine.Memory;
using Workbench.Engine.Memory.Catalog;
using Workbench.Web.Components.Widgets.Quantization;

namespace Workbench.Web.Tests.Components.Quantization;

/// <summary>The VRAM calculator on the real engine (TinyStories loaded, 2 sequences), the real GGUF headers in the
/// shared models folder and the catalogue.</summary>
[Collection(EngineCollection.Name)]
public sealed class VramCalculatorTests(EngineFixture fixture)
{
    [Fact]
    public void LoadedModel_ShowsLlamaCppsReportBesideTheEstimate_KvCacheWithinThePrintResolution()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<VramCalculator>();

        var report = fixture.Engine.Model!.MemoryReport!;
        var kvRow = cut.Find("table[aria-label='Breakdown'] tr[aria-label='KV cache']");
        Assert.Equal($"{report.KvCacheMiB.ToString("0.00", CultureInfo.InvariantCulture)} MiB", kvRow.QuerySelector("[aria-label='Reported']")!.TextContent);
        var difference = kvRow.QuerySelector("[aria-label='Difference']")!.TextContent;
        double deltaMiB = double.Parse(difference.Split(' ')[0], CultureInfo.InvariantCulture);
        Assert.InRange(deltaMiB, -0.005, 0.005);
        var weightsRow = cut.Find("table[aria-label='Breakdown'] tr[aria-label='Weights']");
        Assert.Equal($"{report.ModelMiB.ToString("0.00", CultureInfo.InvariantCulture)} MiB", weightsRow.QuerySelector("[aria-label='Reported']")!.TextContent);
        Assert.Empty(cut.FindAll("[aria-label='Report note']")); // the settings are the engine's own
        Assert.Contains(fixture.Engine.Model.Id, cut.Find("[aria-label='Model shape']").TextContent);
    }

    [Fact]
    public void LoadedModel_OtherWindow_SaysTheReportIsForTheEnginesContext()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<VramCalculator>();

        cut.Find("input[aria-label='Context size']").Change("4096");

        Assert.NotNull(cut.Find("[aria-label='Report note']"));
    }

    [Fact]
    public void CatalogueMoeModel_ShowsTheEstimatorsTotal_ResidentVsActive_AndTheTierFits()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<VramCalculator>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["source"] = "catalog", ["model"] = "qwen3-coder-30b-a3b", ["type"] = "Q4_K_M", ["n_ctx"] = "32768",
        }));

        var model = ModelShapeCatalog.Default.Find("qwen3-coder-30b-a3b")!;
        var expected = VramEstimator.Estimate(model.Shape, new VramOptions { ContextSize = 32768, WeightType = WeightType.Find("Q4_K_M")! });
        Assert.Contains(VramCalculator.Size(expected.TotalBytes), cut.Find("[aria-label='Total estimate']").TextContent);
        var experts = cut.Find("[aria-label='Experts']").TextContent;
        Assert.Contains(VramCalculator.Size(expected.WeightsBytes), experts);
        Assert.Contains(VramCalculator.Size(expected.ActiveWeightsBytes), experts);
        Assert.True(expected.ActiveWeightsBytes * 5 < expected.WeightsBytes);
        foreach (var tier in ModelShapeCatalog.Default.GpuTiers)
            Assert.Equal(tier.Fit(expected.TotalBytes).ToString(), cut.Find($"ul[aria-label='GPU tiers'] li[aria-label='{tier.Name}']").GetAttribute("data-fit"));
        Assert.Contains("Weights", cut.Find("[role=img]").GetAttribute("aria-label"));
    }

    [Fact]
    public void GgufFile_ReadsTheShapeFromTheHeader()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<VramCalculator>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["source"] = "file", ["model"] = "stories260K.gguf" }));

        var shape = ModelShape.FromGguf(Path.Combine(fixture.Options.ModelDirectories[0], "stories260K.gguf"));
        var text = cut.Find("[aria-label='Model shape']").TextContent;
        Assert.Contains("stories260K.gguf", text);
        Assert.Contains($"{shape.Layers} layers", text);
        Assert.Empty(cut.FindAll("table[aria-label='Breakdown'] [aria-label='Reported']")); // no report: nothing was loaded
        cut.Find("select[aria-label='KV cache type']").Change("q8_0");
        Assert.Contains("refuses", cut.Find("ul[aria-label='Notes']").TextContent); // heads of 8 values
    }
}
