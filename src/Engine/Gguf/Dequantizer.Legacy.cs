using System.Buffers.Binary;

namespace Workbench.Engine.Gguf;

// The "legacy" blocks of 32 (64 for Q2_0): one fp16 scale d (and for _1 types an fp16 minimum m) per block.
// Quants are packed two per byte: byte j holds element j in its low nibble and element j + 16 in its high nibble.
public static partial class Dequantizer
{
    // block_q4_0, 18 bytes: d (fp16) | qs[16] (32 × 4 bits).   x = d · (q − 8),  q in 0..15
    private static void Q4_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b);
        var qs = b.Slice(2, 16);
        for (int j = 0; j < 16; j++)
        {
            int x0 = (qs[j] & 0x0F) - 8;
            int x1 = (qs[j] >> 4) - 8;
            y[j] = x0 * d;
            y[j + 16] = x1 * d;
        }
    }

    // block_q4_1, 20 bytes: d (fp16) | m (fp16) | qs[16].   x = d · q + m,  q in 0..15
    private static void Q4_1(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b), m = Fp16(b[2..]);
        var qs = b.Slice(4, 16);
        for (int j = 0; j < 16; j++)
        {
            y[j] = (qs[j] & 0x0F) * d + m;
            y[j + 16] = (qs[j] >> 4) * d + m;
        }
    }

    // block_q5_0, 22 bytes: d (fp16) | qh (uint32: bit j = fifth bit of element j) | qs[16] (low 4 bits).
    // x = d · (q − 16),  q in 0..31
    private static void Q5_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b);
        uint qh = BinaryPrimitives.ReadUInt32LittleEndian(b[2..]);
        var qs = b.Slice(6, 16);
        for (int j = 0; j < 16; j++)
        {
            int xh0 = (int)((qh >> j) << 4) & 0x10;
            int xh1 = (int)(qh >> (j + 12)) & 0x10;
            int x0 = ((qs[j] & 0x0F) | xh0) - 16;
            int x1 = ((qs[j] >> 4) | xh1) - 16;
            y[j] = x0 * d;
            y[j + 16] = x1 * d;
        }
    }

    // block_q5_1, 24 bytes: d | m (fp16) | qh (uint32) | qs[16].   x = d · q + m,  q in 0..31
    private static void Q5_1(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b), m = Fp16(b[2..]);
        uint qh = BinaryPrimitives.ReadUInt32LittleEndian(b[4..]);
        var qs = b.Slice(8, 16);
        for (int j = 0; j < 16; j++)
        {
            int xh0 = (int)((qh >> j) << 4) & 0x10;
            int xh1 = (int)(qh >> (j + 12)) & 0x10;
            y[j] = ((qs[j] & 0x0F) | xh0) * d + m;
            y[j + 16] = ((qs[j] >> 4) | xh1) * d + m;
        }
    }

    // block_q8_0, 34 bytes: d (fp16) | qs[32] (int8).   x = d · q,  q in −128..127 (the quantizer uses −127..127)
    private static void Q8_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b);
        for (int j = 0; j < 32; j++) y[j] = (sbyte)b[2 + j] * d;
    }

    // block_q2_0, 18 bytes: d (fp16) | qs[16] (64 × 2 bits, element j in bits 2·(j mod 4) of byte j / 4).
    // x = d · (q − 1): codes 0, 1, 2, 3 are −d, 0, +d, +2d.
    private static void Q2_0(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b);
        for (int j = 0; j < 64; j++)
        {
            int q = (b[2 + j / 4] >> (j % 4 * 2)) & 0x03;
            y[j] = (q - 1) * d;
        }
    }
}
