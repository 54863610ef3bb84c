/// <summary>One Q8_0 block as a GGUF file stores it: 32 weights that share one scale.</summary>
/// <param name="D">The block's scale d, an IEEE half-precision number (2 bytes in the file).</param>
/// <param name="Qs">The 32 quantized weights, each an 8-bit signed integer in -127..127.</param>
public sealed record Q8Block(Half D, sbyte[] Qs);

/// <summary>
/// ggml's Q8_0 block quantization: each run of 32 weights shares one scale d = max|x| / 127 and stores
/// q = round(x / d); the value read back is q · d.
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
        // TODO 1. A length that is not a multiple of 32: throw an ArgumentException.
        // TODO 2. For each block of 32: amax = the largest |x|; d = amax / 127 (a float); the inverse 1/d, or 0
        //         when d is 0 (an all-zero block).
        // TODO 3. q = x · inverse, rounded as C's roundf rounds (which way does a half go?), as an sbyte.
        // TODO 4. The block stores d as a Half: new Q8Block((Half)d, qs).
        throw new NotImplementedException("TODO");
    }

    /// <summary>Reads the weights back: q · d per weight, with d the stored half-precision scale.</summary>
    /// <param name="blocks">The blocks, in order.</param>
    /// <returns>32 weights per block.</returns>
    public static float[] Dequantize(Q8Block[] blocks)
    {
        // TODO 5. 32 floats per block: qs[j] · (float)D.
        throw new NotImplementedException("TODO");
    }
}
