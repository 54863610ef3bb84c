using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Engine.Gguf;
using Workbench.Web.Components.Widgets.Quantization;

namespace Workbench.Web.Tests.Components.Quantization;

/// <summary>The weight-view widget on stories260K and its llama.cpp-quantized copies.</summary>
public sealed class WeightViewTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>, IDisposable
{
    private readonly BunitContext _ctx = Create(models);

    internal static BunitContext Create(QuantizedModelsFixture models)
    {
        var ctx = new BunitContext();
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.JSInterop.Setup<Radzen.Blazor.Rendering.Rect>("Radzen.createChart", _ => true).SetResult(new Radzen.Blazor.Rendering.Rect { Width = 640, Height = 280 });
        ctx.Services.AddSingleton(models.Catalog);
        ctx.Services.AddWebUiComponentServices();
        return ctx;
    }

    private IRenderedComponent<WeightView> Render(Dictionary<string, string>? options = null) =>
        _ctx.Render<WeightView>(p => p.Add(c => c.Options, options));

    [Fact]
    public void Defaults_CompareStories260KWithItsQuantizedCopy_AndOpenAQ8_0Block()
    {
        var cut = Render();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-label='Opened block']")), TimeSpan.FromSeconds(30));

        Assert.Equal("stories260K.gguf", cut.Find("select[id$='-before']").GetAttribute("value"));
        Assert.Equal("stories260K-Q4_0.gguf", cut.Find("select[id$='-after']").GetAttribute("value")); // first file after the F32 one, by name
        var tensor = cut.Find("select[id$='-tensor']").GetAttribute("value")!;
        var before = GgufFile.Open(Path.Combine(models.Folder, "stories260K.gguf"));
        var after = GgufFile.Open(Path.Combine(models.Folder, "stories260K-Q4_0.gguf"));
        var expected = TensorComparison.Compare(before, after, tensor);
        Assert.Contains(GgmlTypeTraits.For(after.GetTensor(tensor).Type).Name, cut.Find("[aria-label='After type']").TextContent);
        Assert.Equal(expected.Error.Rmse.ToString("G4", CultureInfo.InvariantCulture), cut.Find("[aria-label='RMSE']").TextContent);
        Assert.Equal(expected.Error.MaxAbsError.ToString("G4", CultureInfo.InvariantCulture), cut.Find("[aria-label='Max error']").TextContent);
        Assert.Equal(expected.Block!.Values.Count + 1, cut.FindAll("[aria-label='Block values table'] tr").Count);
        Assert.Contains(expected.Block.D.ToString("G5", CultureInfo.InvariantCulture), cut.Find("[aria-label='Block d']").TextContent);
    }

    [Fact]
    public void NextBlock_OpensTheNextBlockOfTheTensor()
    {
        var cut = Render(new() { ["after"] = "stories260K-Q8_0.gguf", ["tensor"] = "blk.0.attn_k.weight" });
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-label='Opened block']")), TimeSpan.FromSeconds(30));

        cut.Find("button[aria-label='Next block']").Click();

        cut.WaitForAssertion(() => Assert.Contains("Block 1", cut.Find(".wb-wv-block-title").TextContent), TimeSpan.FromSeconds(30));
        var after = GgufFile.Open(Path.Combine(models.Folder, "stories260K-Q8_0.gguf"));
        var raw = after.ReadRows(after.GetTensor("blk.0.attn_k.weight"), 0, 1);
        var block = QuantBlockView.Open(GgmlType.Q8_0, raw, 1);
        var firstRow = cut.FindAll("[aria-label='Block values table'] tbody tr")[0].QuerySelectorAll("td");
        Assert.Equal(((sbyte)raw[34 + 2]).ToString(CultureInfo.InvariantCulture), firstRow[2].TextContent);
        Assert.Equal(block.Values[0].ToString("G5", CultureInfo.InvariantCulture), firstRow[3].TextContent);
    }

    [Fact]
    public void DifferentModels_SayTheyShareNoTensor()
    {
        var cut = Render(new() { ["after"] = EngineFixture.ModelFileName });

        cut.WaitForAssertion(() => Assert.Contains("different models", cut.Find("[aria-label='Weight view error']").TextContent), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void MissingOrBrokenFile_IsAClearMessage()
    {
        var missing = Render(new() { ["after"] = "nowhere.gguf" });
        var broken = Render(new() { ["after"] = "broken.gguf" });

        missing.WaitForAssertion(() => Assert.Contains("No model file named 'nowhere.gguf'", missing.Find("[aria-label='Weight view error']").TextContent), TimeSpan.FromSeconds(30));
        broken.WaitForAssertion(() => Assert.Contains("Not a GGUF file", broken.Find("[aria-label='Weight view error']").TextContent), TimeSpan.FromSeconds(30));
    }

    [Fact]
    public void F16FallbackTensor_SaysThereIsNoBlockToOpen()
    {
        // ffn_down has rows of n_ff = 172 values, not whole blocks of 32: llama.cpp keeps it in F16.
        var cut = Render(new() { ["after"] = "stories260K-Q4_0.gguf", ["tensor"] = "blk.0.ffn_down.weight" });

        cut.WaitForAssertion(() => Assert.Contains("no blocks to open", cut.Find("[aria-label='Block note']").TextContent), TimeSpan.FromSeconds(30));
        Assert.Contains("f16", cut.Find("[aria-label='After type']").TextContent);
    }

    [Fact]
    public void SameFileTwice_SaysThereIsNoErrorAndStillOpensABlock()
    {
        var cut = Render(new() { ["before"] = EngineFixture.ModelFileName, ["after"] = EngineFixture.ModelFileName });

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-label='No error']")), TimeSpan.FromSeconds(30));
        Assert.Equal("0", cut.Find("[aria-label='RMSE']").TextContent);
        Assert.NotEmpty(cut.FindAll("[aria-label='Opened block']"));
        Assert.Contains("rows (evenly spaced", cut.Find("[aria-label='Sampling note']").TextContent); // token_embd: 2048 rows of 128
    }

    public void Dispose() => _ctx.Dispose();
}
