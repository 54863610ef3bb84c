using System.Buffers.Binary;

namespace Workbench.Engine.Gguf;

/// <summary>
/// Turns tensor data in ggml's block layouts back into floats, in C#, written to be read next to ggml's
/// <c>dequantize_row_*</c> functions (ggml/src/ggml-quants.c) and block structs (ggml/src/ggml-common.h), with the
/// same float operations in the same order, so the results are bit-identical to ggml's <c>to_float</c>
/// (checked in tests against libggml-base). Supported: F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q2_0,
/// Q2_K, Q3_K, Q4_K, Q5_K, Q6_K.
/// </summary>
public static partial class Dequantizer
{
    /// <summary>The types <see cref="Dequantize(GgmlType, ReadOnlySpan{byte}, Span{float})"/> handles.</summary>
    public static IReadOnlySet<GgmlType> SupportedTypes { get; } = new HashSet<GgmlType>
    {
        GgmlType.F32, GgmlType.F16, GgmlType.BF16, GgmlType.Q4_0, GgmlType.Q4_1, GgmlType.Q5_0, GgmlType.Q5_1,
        GgmlType.Q8_0, GgmlType.Q2_0, GgmlType.Q2_K, GgmlType.Q3_K, GgmlType.Q4_K, GgmlType.Q5_K, GgmlType.Q6_K,
    };

    /// <summary>Whether <paramref name="type"/> can be dequantized here.</summary>
    public static bool IsSupported(GgmlType type) => SupportedTypes.Contains(type);

    /// <summary>Dequantizes <paramref name="data"/> (whole blocks of <paramref name="type"/>) into a new array of
    /// <c>data.Length / BytesPerBlock · BlockSize</c> floats.</summary>
    /// <exception cref="ArgumentException"><paramref name="data"/> is not whole blocks.</exception>
    /// <exception cref="NotSupportedException">The type is not in <see cref="SupportedTypes"/>.</exception>
    public static float[] Dequantize(GgmlType type, ReadOnlySpan<byte> data)
    {
        var traits = GgmlTypeTraits.For(type);
        if (data.Length % traits.BytesPerBlock != 0)
            throw new ArgumentException($"{data.Length} bytes is not a whole number of {traits.Name} blocks of {traits.BytesPerBlock} bytes.", nameof(data));
        var values = new float[data.Length / traits.BytesPerBlock * traits.BlockSize];
        Dequantize(type, data, values);
        return values;
    }

    /// <summary>Dequantizes the blocks in <paramref name="data"/> into <paramref name="destination"/>, which must hold
    /// exactly their element count.</summary>
    /// <exception cref="ArgumentException">Lengths do not match whole blocks.</exception>
    /// <exception cref="NotSupportedException">The type is not in <see cref="SupportedTypes"/>.</exception>
    public static void Dequantize(GgmlType type, ReadOnlySpan<byte> data, Span<float> destination)
    {
        var traits = GgmlTypeTraits.For(type);
        if (data.Length % traits.BytesPerBlock != 0 || data.Length / traits.BytesPerBlock * (long)traits.BlockSize != destination.Length)
            throw new ArgumentException($"{data.Length} bytes of {traits.Name} do not hold {destination.Length} values.", nameof(destination));
        int blocks = data.Length / traits.BytesPerBlock;
        for (int i = 0; i < blocks; i++)
        {
            var block = data.Slice(i * traits.BytesPerBlock, traits.BytesPerBlock);
            var y = destination.Slice(i * traits.BlockSize, traits.BlockSize);
            switch (type)
            {
                case GgmlType.F32: y[0] = BinaryPrimitives.ReadSingleLittleEndian(block); break;
                case GgmlType.F16: y[0] = Fp16(block); break;
                case GgmlType.BF16: y[0] = BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(block) << 16); break;
                case GgmlType.Q4_0: Q4_0(block, y); break;
                case GgmlType.Q4_1: Q4_1(block, y); break;
                case GgmlType.Q5_0: Q5_0(block, y); break;
                case GgmlType.Q5_1: Q5_1(block, y); break;
                case GgmlType.Q8_0: Q8_0(block, y); break;
                case GgmlType.Q2_0: Q2_0(block, y); break;
                case GgmlType.Q2_K: Q2_K(block, y); break;
                case GgmlType.Q3_K: Q3_K(block, y); break;
                case GgmlType.Q4_K: Q4_K(block, y); break;
                case GgmlType.Q5_K: Q5_K(block, y); break;
                case GgmlType.Q6_K: Q6_K(block, y); break;
                default: throw new NotSupportedException($"Dequantizing {traits.Name} is not implemented (supported: {string.Join(", ", SupportedTypes.Select(t => GgmlTypeTraits.For(t).Name))}).");
            }
        }
    }

    /// <summary>Reads a tensor of <paramref name="file"/> as floats: all of it, or <paramref name="rowCount"/> rows
    /// from <paramref name="firstRow"/> (a row is <c>Shape[0]</c> values).</summary>
    /// <exception cref="NotSupportedException">The tensor's type is not supported.</exception>
    /// <exception cref="GgufFormatException">The data cannot be read.</exception>
    public static float[] ReadTensor(GgufFile file, GgufTensorInfo tensor, long firstRow = 0, long? rowCount = null)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(tensor);
        if (!IsSupported(tensor.Type)) throw new NotSupportedException($"Dequantizing {tensor.Traits.Name} is not implemented.");
        return Dequantize(tensor.Type, file.ReadRows(tensor, firstRow, rowCount ?? tensor.RowCount - firstRow));
    }

    /// <summary>An IEEE half at the start of <paramref name="bytes"/>, widened exactly (GGML_FP16_TO_FP32).</summary>
    internal static float Fp16(ReadOnlySpan<byte> bytes) => (float)BitConverter.UInt16BitsToHalf(BinaryPrimitives.ReadUInt16LittleEndian(bytes));
}
