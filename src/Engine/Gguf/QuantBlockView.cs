using System.Buffers.Binary;

namespace Workbench.Engine.Gguf;

/// <summary>
/// One block of a quantized tensor opened up for display: its stored fp16 scale(s) (<see cref="D"/>,
/// <see cref="DMin"/>), its sub-blocks with their scale and min codes, each value's integer quant
/// <see cref="Quants"/> and the dequantized <see cref="Values"/> (exactly ggml's). Layouts per type:
/// <see cref="Dequantizer"/>'s comments and ggml/src/ggml-common.h.
/// </summary>
/// <param name="Type">Block type.</param>
/// <param name="BlockIndex">Which block of the data (0-based).</param>
/// <param name="D">The block's (super-block's) fp16 scale d, widened.</param>
/// <param name="DMin">The fp16 dmin of Q2_K/Q4_K/Q5_K (or m of Q4_1/Q5_1), else null.</param>
/// <param name="SubBlocks">The runs of values sharing a scale, in order, covering the block.</param>
/// <param name="Quants">Per value, the integer q with <c>x = Scale · q − Min</c> of its sub-block (Q8_0: −127..127,
/// Q4_0: −8..7, Q4_K: 0..15, Q6_K: −32..31, Q3_K: −4..3, Q2_K: 0..3, Q2_0: −1..2).</param>
/// <param name="Values">The block's dequantized values.</param>
/// <param name="Formula">How a value is made, e.g. "x = d · q".</param>
public sealed record QuantBlockView(GgmlType Type, int BlockIndex, float D, float? DMin, IReadOnlyList<QuantSubBlock> SubBlocks,
    IReadOnlyList<int> Quants, IReadOnlyList<float> Values, string Formula)
{
    /// <summary>Types that can be opened (every quantized type <see cref="Dequantizer"/> supports).</summary>
    public static bool CanOpen(GgmlType type) => Dequantizer.IsSupported(type) && GgmlTypeTraits.For(type).IsQuantized;

    /// <summary>Opens block <paramref name="blockIndex"/> of <paramref name="data"/> (whole blocks of <paramref name="type"/>).</summary>
    /// <exception cref="NotSupportedException">The type is not a supported quantized type.</exception>
    /// <exception cref="ArgumentOutOfRangeException">No such block.</exception>
    public static QuantBlockView Open(GgmlType type, ReadOnlySpan<byte> data, int blockIndex)
    {
        if (!CanOpen(type)) throw new NotSupportedException($"{GgmlTypeTraits.For(type).Name} blocks cannot be opened.");
        var traits = GgmlTypeTraits.For(type);
        ArgumentOutOfRangeException.ThrowIfNegative(blockIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(blockIndex, data.Length / traits.BytesPerBlock);
        var b = data.Slice(blockIndex * traits.BytesPerBlock, traits.BytesPerBlock);
        var values = Dequantizer.Dequantize(type, b);
        var (d, dmin, subBlocks, formula) = Describe(type, b.ToArray());
        // Each value was computed as Scale · q − Min in float, so (x + Min) / Scale rounds back to q exactly.
        var quants = new int[values.Length];
        foreach (var s in subBlocks)
        {
            for (int i = s.Start; i < s.Start + s.Length; i++)
                quants[i] = s.Scale == 0 ? 0 : (int)MathF.Round((values[i] + s.Min) / s.Scale);
        }
        return new QuantBlockView(type, blockIndex, d, dmin, subBlocks, quants, values, formula);
    }

    private static (float D, float? DMin, QuantSubBlock[] SubBlocks, string Formula) Describe(GgmlType type, byte[] b)
    {
        float F(int at) => Dequantizer.Fp16(b.AsSpan(at));
        switch (type)
        {
            case GgmlType.Q8_0 or GgmlType.Q4_0 or GgmlType.Q5_0:
                return (F(0), null, [new(0, 0, 32, null, null, F(0), 0)], "x = d · q");
            case GgmlType.Q2_0:
                return (F(0), null, [new(0, 0, 64, null, null, F(0), 0)], "x = d · q");
            case GgmlType.Q4_1 or GgmlType.Q5_1:
                return (F(0), F(2), [new(0, 0, 32, null, null, F(0), -F(2))], "x = d · q + m");
            case GgmlType.Q2_K:
            {
                float d = F(80), dmin = F(82);
                var subs = Enumerable.Range(0, 16).Select(k => new QuantSubBlock(k, k * 16, 16, b[k] & 0xF, b[k] >> 4, d * (b[k] & 0xF), dmin * (b[k] >> 4))).ToArray();
                return (d, dmin, subs, "x = (d · sc) · q − (dmin · m)");
            }
            case GgmlType.Q3_K:
            {
                float d = F(108);
                Span<sbyte> codes = stackalloc sbyte[16];
                Dequantizer.Q3KScales(b.AsSpan(96, 12), codes);
                var subs = new QuantSubBlock[16];
                for (int k = 0; k < 16; k++) subs[k] = new(k, k * 16, 16, codes[k] - 32, null, d * (codes[k] - 32), 0);
                return (d, null, subs, "x = (d · sc) · q");
            }
            case GgmlType.Q4_K or GgmlType.Q5_K:
            {
                float d = F(0), dmin = F(2);
                var packed = b[4..16];
                var subs = Enumerable.Range(0, 8).Select(k =>
                {
                    var (sc, m) = Dequantizer.ScaleMinK4(k, packed);
                    return new QuantSubBlock(k, k * 32, 32, sc, m, d * sc, dmin * m);
                }).ToArray();
                return (d, dmin, subs, "x = (d · sc) · q − (dmin · m)");
            }
            case GgmlType.Q6_K:
            {
                float d = F(208);
                var subs = new QuantSubBlock[16];
                for (int k = 0; k < 16; k++) subs[k] = new(k, k * 16, 16, (sbyte)b[192 + k], null, d * (sbyte)b[192 + k], 0);
                return (d, null, subs, "x = (d · sc) · q");
            }
            default:
                throw new NotSupportedException($"{type} blocks cannot be opened.");
        }
    }
}
