using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>The C# dequantizers and reference quantizers against ggml's own <c>to_float</c> and
/// <c>from_float_ref</c> (libggml-base, through <c>ggml_get_type_traits</c>): bit-identical floats and bytes, on every
/// tensor of real files that llama.cpp quantized and on random data.</summary>
public sealed class DequantizerTests(QuantizedStories models, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<QuantizedStories>
{
    public static TheoryData<GgmlType> QuantizedTypes() => new(Dequantizer.SupportedTypes.Where(t => GgmlTypeTraits.For(t).IsQuantized));

    public static TheoryData<GgmlType> ReferenceTypes() => new(GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q2_0);

    [Fact]
    public void Dequantize_EveryTensorOfTheRealFiles_IsBitIdenticalToGgml()
    {
        var seen = new HashSet<GgmlType>();
        foreach (string path in models.AllFiles)
        {
            var file = GgufFile.Open(path);
            foreach (var tensor in file.Tensors)
            {
                Assert.True(Dequantizer.IsSupported(tensor.Type), $"{Path.GetFileName(path)}: {tensor.Name} is {tensor.Traits.Name}");
                var bytes = file.ReadTensorBytes(tensor.Name);
                // ggml has no to_float for F32 (it is a copy): the reference is the file's bytes read as floats.
                var expected = tensor.Type == GgmlType.F32
                    ? System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(bytes).ToArray()
                    : GgmlReference.ToFloat((int)tensor.Type, bytes, tensor.ElementCount);
                AssertBitIdentical(expected, Dequantizer.Dequantize(tensor.Type, bytes), $"{Path.GetFileName(path)} {tensor.Name}");
                seen.Add(tensor.Type);
            }
            output.WriteLine($"{Path.GetFileName(path)}: " + string.Join(", ", file.Tensors.GroupBy(t => t.Traits.Name).Select(g => $"{g.Key} × {g.Count()}")));
        }
        // n_embd is 64, so the K-quant files mostly fall back to legacy types (llama.cpp's choice); the log says which.
        Assert.Contains(GgmlType.Q8_0, seen);
        Assert.Contains(GgmlType.Q4_0, seen);
        Assert.Contains(GgmlType.F32, seen);
    }

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void Dequantize_RandomBlocksQuantizedByGgml_IsBitIdenticalToGgml(GgmlType type)
    {
        var values = RandomValues(seed: (int)type, count: 4 * 256);
        var bytes = GgmlReference.FromFloatRef((int)type, values);

        var expected = GgmlReference.ToFloat((int)type, bytes, values.Length);

        AssertBitIdentical(expected, Dequantizer.Dequantize(type, bytes), type.ToString());
    }

    [Theory]
    [MemberData(nameof(ReferenceTypes))]
    public void Quantize_RandomAndEdgeValues_IsByteIdenticalToGgmlsReference(GgmlType type)
    {
        var values = RandomValues(seed: 7 + (int)type, count: 64 * 64).ToList();
        // Blocks of zeros, of one value, of exact halves (rounding ties), and negative maxima.
        values.AddRange(new float[64]);
        values.AddRange(Enumerable.Repeat(-3.25f, 64));
        values.AddRange(Enumerable.Range(0, 64).Select(i => (i - 32) * 0.5f));
        values.AddRange(Enumerable.Range(0, 64).Select(i => i == 5 ? -1e-3f : 1e-5f * i));
        var input = values.ToArray();

        var expected = GgmlReference.FromFloatRef((int)type, input);

        Assert.Equal(expected, ReferenceQuantizer.Quantize(type, input));
    }

    [Theory]
    [MemberData(nameof(ReferenceTypes))]
    public void Quantize_RealTensor_IsByteIdenticalToGgmlsReference(GgmlType type)
    {
        var file = GgufFile.Open(TestModels.Stories260K);
        var weights = Dequantizer.ReadTensor(file, file.GetTensor("blk.0.ffn_up.weight"));

        Assert.Equal(GgmlReference.FromFloatRef((int)type, weights), ReferenceQuantizer.Quantize(type, weights));
    }

    [Theory]
    [MemberData(nameof(QuantizedTypes))]
    public void QuantBlockView_RandomBlock_ValuesAreGgmlsAndQuantsRebuildThem(GgmlType type)
    {
        var traits = GgmlTypeTraits.For(type);
        var values = RandomValues(seed: 100 + (int)type, count: 3 * 256);
        var bytes = GgmlReference.FromFloatRef((int)type, values);
        var ggml = GgmlReference.ToFloat((int)type, bytes, values.Length);

        var block = QuantBlockView.Open(type, bytes, 1);

        AssertBitIdentical(ggml.AsSpan(traits.BlockSize, traits.BlockSize).ToArray(), block.Values.ToArray(), type.ToString());
        Assert.Equal(traits.BlockSize, block.SubBlocks.Sum(s => s.Length));
        foreach (var s in block.SubBlocks)
        {
            for (int i = s.Start; i < s.Start + s.Length; i++)
                Assert.Equal(block.Values[i], s.Scale * block.Quants[i] - s.Min, 1e-5f * Math.Max(1f, Math.Abs(block.Values[i])));
        }
    }

    [Fact]
    public void QuantBlockView_Q8_0AndQ4_0_QuantsAreTheStoredCodes()
    {
        var values = RandomValues(seed: 3, count: 64);
        var q8 = GgmlReference.FromFloatRef((int)GgmlType.Q8_0, values);
        var q4 = GgmlReference.FromFloatRef((int)GgmlType.Q4_0, values);

        var b8 = QuantBlockView.Open(GgmlType.Q8_0, q8, 1);
        var b4 = QuantBlockView.Open(GgmlType.Q4_0, q4, 0);

        Assert.Equal(q8.Skip(34 + 2).Take(32).Select(b => (int)(sbyte)b), b8.Quants);
        Assert.Equal(q4.Skip(2).Take(16).Select(b => (b & 0xF) - 8).Concat(q4.Skip(2).Take(16).Select(b => (b >> 4) - 8)), b4.Quants);
        Assert.Equal((float)BitConverter.UInt16BitsToHalf(BitConverter.ToUInt16(q8, 34)), b8.D);
    }

    private static float[] RandomValues(int seed, int count)
    {
        var random = new Random(seed);
        // Roughly weight-like: mostly small normal-ish values with a few outliers.
        return Enumerable.Range(0, count).Select(_ => (float)((random.NextDouble() + random.NextDouble() - 1) * (random.Next(50) == 0 ? 1.5 : 0.2))).ToArray();
    }

    private static void AssertBitIdentical(float[] expected, float[] actual, string what)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int i = 0; i < expected.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(expected[i]) != BitConverter.SingleToInt32Bits(actual[i]))
                Assert.Fail($"{what}: value {i} is {actual[i]:R}, ggml gives {expected[i]:R}.");
        }
    }
}
