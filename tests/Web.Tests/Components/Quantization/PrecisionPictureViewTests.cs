using System.Globalization;
using Bunit;
using Workbench.Engine.Gguf;
using Workbench.Web.Components.Widgets.Quantization;

namespace Workbench.Web.Tests.Components.Quantization;

/// <summary>The precision-picture widget: seeded values and a real tensor's first N.</summary>
public sealed class PrecisionPictureViewTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>, IDisposable
{
    private readonly BunitContext _ctx = WeightViewTests.Create(models);

    [Fact]
    public void Defaults_ShowFourPrecisionsOfTheSeededValues()
    {
        var cut = _ctx.Render<PrecisionPictureView>();

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("figure.wb-pp-level").Count), TimeSpan.FromSeconds(30));

        var expected = PrecisionPicture.Simulate(PrecisionPicture.SeededValues(256, 1));
        foreach (var level in expected)
        {
            Assert.Equal(level.SizeInBytes.ToString("N0", CultureInfo.InvariantCulture), cut.Find($"[aria-label='{level.Label} bytes']").TextContent);
            Assert.Equal(level.DistinctValues.ToString(CultureInfo.InvariantCulture), cut.Find($"[aria-label='{level.Label} distinct values']").TextContent);
            Assert.Equal(256, cut.Find($"svg[aria-label^='{level.Label} heat map']").QuerySelectorAll("rect").Length);
        }
    }

    [Fact]
    public void LargeN_DrawsTheFirstCellsAndSaysSo()
    {
        var cut = _ctx.Render<PrecisionPictureView>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["n"] = "4096", ["seed"] = "7" }));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("figure.wb-pp-level").Count), TimeSpan.FromSeconds(30));

        Assert.Equal(PrecisionPictureView.MaxCells, cut.Find("svg[aria-label^='Q8_0 heat map']").QuerySelectorAll("rect").Length);
        Assert.Contains("first 1024 of 4096", cut.Find("[aria-label='Precision picture notes']").TextContent);
    }

    [Fact]
    public void RealTensor_UsesItsFirstNValues()
    {
        var cut = _ctx.Render<PrecisionPictureView>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["n"] = "128", ["tensor"] = "blk.0.attn_q.weight" }));

        cut.WaitForAssertion(() => Assert.Equal(4, cut.FindAll("figure.wb-pp-level").Count), TimeSpan.FromSeconds(30));

        var file = GgufFile.Open(Path.Combine(models.Folder, "stories260K.gguf"));
        var values = Dequantizer.ReadTensor(file, file.GetTensor("blk.0.attn_q.weight"))[..128];
        var q2 = PrecisionPicture.Simulate(values)[3];
        Assert.Equal(q2.Error.Rmse.ToString("G3", CultureInfo.InvariantCulture), cut.Find("[aria-label='Q2 (Q2_0) RMSE']").TextContent);
        Assert.Equal("blk.0.attn_q.weight", cut.Find("select[id$='-source']").GetAttribute("value"));
    }

    [Fact]
    public void UnknownTensor_IsAClearMessage()
    {
        var cut = _ctx.Render<PrecisionPictureView>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["tensor"] = "no.such.weight" }));

        cut.WaitForAssertion(() => Assert.Contains("no tensor named 'no.such.weight'", cut.Find("[aria-label='Precision picture error']").TextContent), TimeSpan.FromSeconds(30));
    }

    public void Dispose() => _ctx.Dispose();
}
