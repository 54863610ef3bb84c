using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>Weight views' and the precision picture's computations on stories260K and its llama.cpp-quantized copies,
/// with ggml's to_float / from_float_ref as the reference.</summary>
public sealed class TensorComparisonTests(QuantizedStories models) : IClassFixture<QuantizedStories>
{
    [Theory]
    [InlineData("Q8_0", "blk.1.attn_q.weight")]
    [InlineData("Q4_0", "blk.2.ffn_up.weight")]
    public void Compare_F32AgainstQuantized_ValuesAreTheFilesAndErrorIsTheirDifference(string type, string tensor)
    {
        var before = GgufFile.Open(TestModels.Stories260K);
        var after = GgufFile.Open(models.Paths[type]);
        var info = after.GetTensor(tensor);

        var c = TensorComparison.Compare(before, after, tensor, blockIndex: 5);

        var ggml = GgmlReference.ToFloat((int)info.Type, after.ReadTensorBytes(tensor), info.ElementCount);
        Assert.False(c.Sampled);
        Assert.Equal(ggml, c.After);
        Assert.Equal(System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(before.ReadTensorBytes(tensor)).ToArray(), c.Before);
        double rmse = Math.Sqrt(c.Before.Zip(c.After, (x, y) => ((double)y - x) * ((double)y - x)).Average());
        Assert.Equal(rmse, c.Error.Rmse, 12);
        Assert.True(c.Error.Rmse > 0);
        Assert.NotNull(c.Block);
        Assert.Equal(ggml.AsSpan(5 * 32, 32).ToArray(), c.Block.Values);
        Assert.Equal(c.Before.AsSpan(5 * 32, 32).ToArray(), c.BlockOriginals);
    }

    [Fact]
    public void Compare_SmallBudget_SamplesWholeRows()
    {
        var before = GgufFile.Open(TestModels.Stories260K);
        var after = GgufFile.Open(models.Paths["Q8_0"]);

        var c = TensorComparison.Compare(before, after, "token_embd.weight", maxValues: 640);

        Assert.True(c.Sampled);
        Assert.Equal(10, c.RowsCompared);
        Assert.Equal(640, c.Before.Length);
        var all = Dequantizer.ReadTensor(before, before.GetTensor("token_embd.weight"));
        Assert.Equal(all.AsSpan(51 * 64, 64).ToArray(), c.Before.AsSpan(64, 64).ToArray()); // row 1 of 10 is row 51 of 512
    }

    [Fact]
    public void Compare_DifferentModels_SaysTheShapesDiffer()
    {
        var before = GgufFile.Open(TestModels.Stories260K);
        var after = GgufFile.Open(TestModels.TinyStories);

        var e = Assert.Throws<InvalidOperationException>(() => TensorComparison.Compare(before, after, "token_embd.weight"));

        Assert.Contains("64 × 512", e.Message);
        Assert.Contains("128 × 2048", e.Message);
        Assert.Empty(TensorComparison.CommonTensors(before, after));
        Assert.Throws<KeyNotFoundException>(() => TensorComparison.Compare(before, after, "blk.4.attn_q.weight"));
    }

    [Fact]
    public void PrecisionPicture_Levels_AreGgmlsQuantizeThenDequantize()
    {
        TestModels.InitializeBackend();
        var values = PrecisionPicture.SeededValues(256, seed: 42);

        var levels = PrecisionPicture.Simulate(values);

        Assert.Equal(["FP32", "Q8_0", "Q4_0", "Q2 (Q2_0)"], levels.Select(l => l.Label));
        Assert.Equal(values, levels[0].Values);
        foreach (var level in levels.Skip(1))
        {
            var ggml = GgmlReference.ToFloat((int)level.Type, GgmlReference.FromFloatRef((int)level.Type, values), values.Length);
            Assert.Equal(ggml, level.Values);
            Assert.Equal(GgmlReference.TypeTraits((int)level.Type).TypeSize * 256 / GgmlReference.TypeTraits((int)level.Type).BlockSize, level.SizeInBytes);
        }
        Assert.True(levels[1].Error.Rmse < levels[2].Error.Rmse && levels[2].Error.Rmse < levels[3].Error.Rmse);
        Assert.InRange(levels[3].DistinctValues, 2, 4 * 4);
        Assert.Throws<ArgumentOutOfRangeException>(() => PrecisionPicture.SeededValues(100, 1));
    }
}
