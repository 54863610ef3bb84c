using System.Buffers.Binary;

namespace Workbench.Engine.Gguf;

// K-quants: super-blocks of 256 values split into sub-blocks (16 of 16, or 8 of 32), each with its own small
// integer scale (and minimum), which are themselves scaled by the super-block's fp16 d (and dmin). The sub-block
// scales cost few bits, so 4.5 bits per weight buys a scale per 32 values.
public static partial class Dequantizer
{
    // block_q2_K, 84 bytes: scales[16] (low nibble: scale, high nibble: min, per sub-block of 16) | qs[64] (2 bits)
    // | d (fp16) | dmin (fp16).   x = d · sc · q − dmin · m,  q in 0..3.
    // Element order: for each half (128), for shift 0, 2, 4, 6: 16 values from qs[0..16] then 16 from qs[16..32].
    private static void Q2_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var scales = b[..16];
        float d = Fp16(b[80..]), min = Fp16(b[82..]);
        int yi = 0, si = 0;
        for (int half = 0; half < 2; half++)
        {
            var q = b.Slice(16 + half * 32, 32);
            for (int shift = 0; shift < 8; shift += 2)
            {
                for (int part = 0; part < 2; part++)
                {
                    byte sc = scales[si++];
                    float dl = d * (sc & 0xF), ml = min * (sc >> 4);
                    for (int l = 0; l < 16; l++) y[yi++] = dl * ((q[part * 16 + l] >> shift) & 3) - ml;
                }
            }
        }
    }

    // block_q3_K, 110 bytes: hmask[32] (third bit of each quant) | qs[64] (low 2 bits) | scales[12] (16 six-bit
    // scales, packed) | d (fp16).   x = d · (s − 32) · (q − 4·[high bit clear]),  q in −4..3.
    private static void Q3_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        var hm = b[..32];
        float dAll = Fp16(b[108..]);
        Span<sbyte> scales = stackalloc sbyte[16];
        Q3KScales(b.Slice(96, 12), scales);
        int yi = 0, si = 0;
        int m = 1;
        for (int half = 0; half < 2; half++)
        {
            var q = b.Slice(32 + half * 32, 32);
            for (int shift = 0; shift < 8; shift += 2, m <<= 1)
            {
                for (int part = 0; part < 2; part++)
                {
                    float dl = dAll * (scales[si++] - 32);
                    for (int l = 0; l < 16; l++)
                    {
                        int i = part * 16 + l;
                        y[yi++] = dl * (((q[i] >> shift) & 3) - ((hm[i] & m) != 0 ? 0 : 4));
                    }
                }
            }
        }
    }

    /// <summary>Unpacks Q3_K's 12 bytes into 16 six-bit scale codes (0..63; the scale is code − 32): the low 4 bits
    /// of codes 0–7 and 8–15 are the nibbles of bytes 0–7, the high 2 bits come from bytes 8–11.</summary>
    internal static void Q3KScales(ReadOnlySpan<byte> packed, Span<sbyte> scales)
    {
        const uint kmask1 = 0x03030303, kmask2 = 0x0f0f0f0f;
        uint a0 = BinaryPrimitives.ReadUInt32LittleEndian(packed);
        uint a1 = BinaryPrimitives.ReadUInt32LittleEndian(packed[4..]);
        uint tmp = BinaryPrimitives.ReadUInt32LittleEndian(packed[8..]);
        Span<uint> aux =
        [
            (a0 & kmask2) | (((tmp >> 0) & kmask1) << 4),
            (a1 & kmask2) | (((tmp >> 2) & kmask1) << 4),
            ((a0 >> 4) & kmask2) | (((tmp >> 4) & kmask1) << 4),
            ((a1 >> 4) & kmask2) | (((tmp >> 6) & kmask1) << 4),
        ];
        for (int i = 0; i < 16; i++) scales[i] = (sbyte)(aux[i / 4] >> (i % 4 * 8));
    }

    // block_q4_K, 144 bytes: d | dmin (fp16) | scales[12] (8 six-bit scales and 8 six-bit mins) | qs[128].
    // For each 64 values: sub-block 2k from the low nibbles of 32 bytes, sub-block 2k+1 from the high nibbles.
    // x = d · sc · q − dmin · m,  q in 0..15.
    private static void Q4_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b), min = Fp16(b[2..]);
        var scales = b.Slice(4, 12);
        int yi = 0;
        for (int j = 0, si = 0; j < 256; j += 64, si += 2)
        {
            var q = b.Slice(16 + j / 2, 32);
            var (sc1, m1) = ScaleMinK4(si, scales);
            var (sc2, m2) = ScaleMinK4(si + 1, scales);
            float d1 = d * sc1, mm1 = min * m1, d2 = d * sc2, mm2 = min * m2;
            for (int l = 0; l < 32; l++) y[yi++] = d1 * (q[l] & 0xF) - mm1;
            for (int l = 0; l < 32; l++) y[yi++] = d2 * (q[l] >> 4) - mm2;
        }
    }

    // block_q5_K, 176 bytes: d | dmin (fp16) | scales[12] | qh[32] (fifth bits) | qs[128] (low 4 bits).
    // x = d · sc · q − dmin · m,  q in 0..31.
    private static void Q5_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b), min = Fp16(b[2..]);
        var scales = b.Slice(4, 12);
        var qh = b.Slice(16, 32);
        int yi = 0, u1 = 1, u2 = 2;
        for (int j = 0, si = 0; j < 256; j += 64, si += 2, u1 <<= 2, u2 <<= 2)
        {
            var ql = b.Slice(48 + j / 2, 32);
            var (sc1, m1) = ScaleMinK4(si, scales);
            var (sc2, m2) = ScaleMinK4(si + 1, scales);
            float d1 = d * sc1, mm1 = min * m1, d2 = d * sc2, mm2 = min * m2;
            for (int l = 0; l < 32; l++) y[yi++] = d1 * ((ql[l] & 0xF) + ((qh[l] & u1) != 0 ? 16 : 0)) - mm1;
            for (int l = 0; l < 32; l++) y[yi++] = d2 * ((ql[l] >> 4) + ((qh[l] & u2) != 0 ? 16 : 0)) - mm2;
        }
    }

    // block_q6_K, 210 bytes: ql[128] (low 4 bits) | qh[64] (high 2 bits) | scales[16] (int8) | d (fp16).
    // x = d · sc · (q − 32),  q in 0..63, one int8 scale per 16 values.
    private static void Q6_K(ReadOnlySpan<byte> b, Span<float> y)
    {
        float d = Fp16(b[208..]);
        for (int n = 0; n < 2; n++)
        {
            var ql = b.Slice(n * 64, 64);
            var qh = b.Slice(128 + n * 32, 32);
            var sc = b.Slice(192 + n * 8, 8);
            var yy = y.Slice(n * 128, 128);
            for (int l = 0; l < 32; l++)
            {
                int s = l / 16;
                int q1 = ((ql[l] & 0xF) | (((qh[l] >> 0) & 3) << 4)) - 32;
                int q2 = ((ql[l + 32] & 0xF) | (((qh[l] >> 2) & 3) << 4)) - 32;
                int q3 = ((ql[l] >> 4) | (((qh[l] >> 4) & 3) << 4)) - 32;
                int q4 = ((ql[l + 32] >> 4) | (((qh[l] >> 6) & 3) << 4)) - 32;
                yy[l] = d * (sbyte)sc[s] * q1;
                yy[l + 32] = d * (sbyte)sc[s + 2] * q2;
                yy[l + 64] = d * (sbyte)sc[s + 4] * q3;
                yy[l + 96] = d * (sbyte)sc[s + 6] * q4;
            }
        }
    }

    /// <summary>Sub-block <paramref name="j"/>'s six-bit scale and min (0..63) from Q4_K/Q5_K's 12 packed bytes
    /// (ggml's <c>get_scale_min_k4</c>): sub-blocks 0–3 in the low 6 bits of bytes 0–3 and 4–7; sub-blocks 4–7 in
    /// the nibbles of bytes 8–11 plus the top 2 bits of bytes 0–7.</summary>
    internal static (int Scale, int Min) ScaleMinK4(int j, ReadOnlySpan<byte> q) => j < 4
        ? (q[j] & 63, q[j + 4] & 63)
        : ((q[j + 4] & 0xF) | ((q[j - 4] >> 6) << 4), (q[j + 4] >> 4) | ((q[j] >> 6) << 4));
}
