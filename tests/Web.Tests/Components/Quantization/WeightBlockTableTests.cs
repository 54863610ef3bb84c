using System.Globalization;
using Bunit;
using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Web.Components.Widgets.Quantization;

namespace Workbench.Web.Tests.Components.Quantization;

/// <summary>The opened-block table on K-quant super-blocks made by ggml's own reference quantizers (the stories260K
/// files have no K-quant tensors: their 64-wide rows are not whole 256-value super-blocks).</summary>
public sealed class WeightBlockTableTests(QuantizedModelsFixture models) : IClassFixture<QuantizedModelsFixture>, IDisposable
{
    private readonly BunitContext _ctx = WeightViewTests.Create(models);

    [Theory]
    [InlineData(GgmlType.Q4_K, 8)]
    [InlineData(GgmlType.Q6_K, 16)]
    public void KQuantBlock_ShowsDAndEverySubBlockScale(GgmlType type, int subBlocks)
    {
        var file = GgufFile.Open(Path.Combine(models.Folder, "stories260K.gguf"));
        var originals = Dequantizer.ReadTensor(file, file.GetTensor("blk.0.attn_q.weight"))[..256];
        var bytes = GgmlReference.FromFloatRef((int)type, originals);
        var block = QuantBlockView.Open(type, bytes, 0);

        var cut = _ctx.Render<WeightBlockTable>(p => p.Add(c => c.Block, block).Add(c => c.Originals, originals));

        Assert.Equal(block.D.ToString("G5", CultureInfo.InvariantCulture), cut.Find("[aria-label='Block d']").TextContent);
        var rows = cut.FindAll("[aria-label='Sub-block scales'] tbody tr");
        Assert.Equal(subBlocks, rows.Count);
        Assert.Equal(block.SubBlocks[3].ScaleCode?.ToString(CultureInfo.InvariantCulture), rows[3].QuerySelectorAll("td")[2].TextContent);
        Assert.Equal(256, cut.FindAll("[aria-label='Block values table'] tbody tr").Count);
        Assert.Equal(type == GgmlType.Q4_K, cut.FindAll("[aria-label='Block dmin']").Count == 1);
    }

    public void Dispose() => _ctx.Dispose();
}
