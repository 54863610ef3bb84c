/// <summary>One Q8_0 block as a GGUF file stores it: 32 weights that share one scale.</summary>
/// <param name="D">The block's scale d, an IEEE half-precision number (2 bytes in the file).</param>
/// <param name="Qs">The 32 quantized weights, each an 8-bit signed integer in -127..127.</param>
public sealed record Q8Block(Half D, sbyte[] Qs);

/// <summary>
/// ggml's Q8_0 block quantization (ggml/src/ggml-quants.c, <c>quantize_row_q8_0_ref</c> and
/// <c>dequantize_row_q8_0</c>): each run of 32 weights shares one scale d = max|x| / 127 and stores
/// q = round(x / d), rounding halves away from zero; the value read back is q · d.
/// </summary>
public static class Q8_0
{
    /// <summary>Weights per block (ggml's <c>QK8_0</c>).</summary>
    public const int BlockSize = 32;

    /// <summary>Quantizes <paramref name="x"/>, 32 weights per block, in order.</summary>
    /// <param name="x">The weights; the length must be a multiple of 32 (0 gives no blocks).</param>
    /// <returns>One block per 32 weights.</returns>
    /// <exception cref="ArgumentException">The length is not a multiple of 32.</exception>
    public static Q8Block[] Quantize(float[] x)
    {
        if (x.Length % BlockSize != 0)
            throw new ArgumentException($"Q8_0 quantizes whole blocks of {BlockSize} weights; {x.Length} is not a multiple of {BlockSize}.", nameof(x));

        var blocks = new Q8Block[x.Length / BlockSize];
        for (var b = 0; b < blocks.Length; b++)
        {
            var block = x.AsSpan(b * BlockSize, BlockSize);

            // The largest magnitude in the block becomes ±127.
            var amax = 0f;
            foreach (var v in block) amax = MathF.Max(amax, MathF.Abs(v));
            var d = amax / 127f;
            var inverse = d != 0 ? 1f / d : 0f; // an all-zero block: d = 0 and every q = 0, never 0/0

            // ggml rounds with the float d (before it is stored as fp16) and C's roundf: halves away from zero.
            var qs = new sbyte[BlockSize];
            for (var j = 0; j < BlockSize; j++)
                qs[j] = (sbyte)MathF.Round(block[j] * inverse, MidpointRounding.AwayFromZero);

            blocks[b] = new Q8Block((Half)d, qs);
        }
        return blocks;
    }

    /// <summary>Reads the weights back: q · d per weight, with d the stored half-precision scale.</summary>
    /// <param name="blocks">The blocks, in order.</param>
    /// <returns>32 weights per block.</returns>
    public static float[] Dequantize(Q8Block[] blocks)
    {
        var y = new float[blocks.Length * BlockSize];
        for (var b = 0; b < blocks.Length; b++)
        {
            var d = (float)blocks[b].D; // the fp16 value in the file, not the float it was made from
            for (var j = 0; j < BlockSize; j++) y[b * BlockSize + j] = blocks[b].Qs[j] * d;
        }
        return y;
    }
}
