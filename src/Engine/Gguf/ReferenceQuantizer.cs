using System.Buffers.Binary;

namespace Workbench.Engine.Gguf;

/// <summary>
/// ggml's reference quantizers, in C#: <c>quantize_row_q8_0_ref</c>, <c>quantize_row_q4_0_ref</c> and
/// <c>quantize_row_q2_0_ref</c> (ggml/src/ggml-quants.c), the ones ggml uses "for deterministic creation of model
/// files". Each block of 32 (Q2_0: 64) values gets one scale from its largest magnitude; the scale is stored as
/// fp16 (round to nearest even), the quants are computed with the float scale before rounding. Output bytes are
/// identical to ggml's <c>from_float_ref</c> (checked in tests). Input lengths must be whole blocks.
/// </summary>
public static class ReferenceQuantizer
{
    /// <summary>Quantizes to Q8_0: per block of 32, <c>d = amax / 127</c>, <c>q = round(x / d)</c> (half away from
    /// zero) as int8. Returns <c>values.Length / 32 · 34</c> bytes.</summary>
    /// <exception cref="ArgumentException">Not a multiple of 32 values.</exception>
    public static byte[] QuantizeQ8_0(ReadOnlySpan<float> values)
    {
        var output = Allocate(values.Length, 32, 34);
        for (int i = 0; i < values.Length / 32; i++)
        {
            var x = values.Slice(i * 32, 32);
            var y = output.AsSpan(i * 34, 34);
            float amax = 0f;
            foreach (float v in x) amax = Math.Max(amax, Math.Abs(v));
            float d = amax / ((1 << 7) - 1);
            float id = d != 0 ? 1.0f / d : 0.0f;
            WriteFp16(y, d);
            for (int j = 0; j < 32; j++) y[2 + j] = (byte)(sbyte)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero);
        }
        return output;
    }

    /// <summary>Quantizes to Q4_0: per block of 32, the value of largest magnitude <c>max</c> (its sign kept) sets
    /// <c>d = max / −8</c>, so that value maps to code 0 (−8·d) exactly; <c>q = min(15, trunc(x / d + 8.5))</c>.
    /// Element j goes to the low nibble of byte j, element j + 16 to its high nibble. Returns
    /// <c>values.Length / 32 · 18</c> bytes.</summary>
    /// <exception cref="ArgumentException">Not a multiple of 32 values.</exception>
    public static byte[] QuantizeQ4_0(ReadOnlySpan<float> values)
    {
        var output = Allocate(values.Length, 32, 18);
        for (int i = 0; i < values.Length / 32; i++)
        {
            var x = values.Slice(i * 32, 32);
            var y = output.AsSpan(i * 18, 18);
            float amax = 0f, max = 0f;
            foreach (float v in x)
            {
                if (amax < Math.Abs(v)) { amax = Math.Abs(v); max = v; }
            }
            float d = max / -8;
            float id = d != 0 ? 1.0f / d : 0.0f;
            WriteFp16(y, d);
            for (int j = 0; j < 16; j++)
            {
                int q0 = Math.Min(15, (int)(x[j] * id + 8.5f));
                int q1 = Math.Min(15, (int)(x[j + 16] * id + 8.5f));
                y[2 + j] = (byte)(q0 | (q1 << 4));
            }
        }
        return output;
    }

    /// <summary>Quantizes to Q2_0, ggml's plain 2-bit block: per block of 64, <c>d = amax</c> and
    /// <c>q = clamp(round(x / d), −1, 2) + 1</c>, so each value becomes −d, 0, +d or +2d. Returns
    /// <c>values.Length / 64 · 18</c> bytes.</summary>
    /// <exception cref="ArgumentException">Not a multiple of 64 values.</exception>
    public static byte[] QuantizeQ2_0(ReadOnlySpan<float> values)
    {
        var output = Allocate(values.Length, 64, 18);
        for (int i = 0; i < values.Length / 64; i++)
        {
            var x = values.Slice(i * 64, 64);
            var y = output.AsSpan(i * 18, 18);
            float amax = 0f;
            foreach (float v in x) amax = Math.Max(amax, Math.Abs(v));
            float d = amax;
            float id = d > 0 ? 1.0f / d : 0.0f;
            WriteFp16(y, d);
            for (int j = 0; j < 64; j++)
            {
                int q = Math.Clamp((int)MathF.Round(x[j] * id, MidpointRounding.AwayFromZero) + 1, 0, 3);
                y[2 + j / 4] |= (byte)(q << (j % 4 * 2));
            }
        }
        return output;
    }

    /// <summary>Quantizes with the reference quantizer of <paramref name="type"/> (Q8_0, Q4_0 or Q2_0).</summary>
    /// <exception cref="NotSupportedException">Another type.</exception>
    public static byte[] Quantize(GgmlType type, ReadOnlySpan<float> values) => type switch
    {
        GgmlType.Q8_0 => QuantizeQ8_0(values),
        GgmlType.Q4_0 => QuantizeQ4_0(values),
        GgmlType.Q2_0 => QuantizeQ2_0(values),
        _ => throw new NotSupportedException($"No C# reference quantizer for {type} (Q8_0, Q4_0 and Q2_0 have one)."),
    };

    private static byte[] Allocate(int count, int blockSize, int blockBytes)
    {
        if (count % blockSize != 0) throw new ArgumentException($"{count} values is not a whole number of blocks of {blockSize}.", nameof(count));
        return new byte[count / blockSize * blockBytes];
    }

    /// <summary>GGML_FP32_TO_FP16: round to nearest, ties to even (what <c>(Half)float</c> does).</summary>
    private static void WriteFp16(Span<byte> destination, float value) =>
        BinaryPrimitives.WriteUInt16LittleEndian(destination, BitConverter.HalfToUInt16Bits((Half)value));
}
