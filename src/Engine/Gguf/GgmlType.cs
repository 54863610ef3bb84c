namespace Workbench.Engine.Gguf;

/// <summary>
/// ggml's tensor element types with their real numbers (<c>enum ggml_type</c> in ggml/include/ggml.h of the
/// llama.cpp source our natives are built from). The numbers are what a GGUF file stores in each tensor info, so
/// they must never be renumbered. Removed types (4, 5, 31–33, 36–38) are absent; a file that names one is rejected
/// by <see cref="GgufFile.Open"/>. Sizes and names: <see cref="GgmlTypeTraits"/>.
/// </summary>
public enum GgmlType
{
    /// <summary>32-bit IEEE float.</summary>
    F32 = 0,
    /// <summary>16-bit IEEE half float.</summary>
    F16 = 1,
    /// <summary>Blocks of 32: an fp16 scale d and 32 4-bit quants q, x = d·(q − 8).</summary>
    Q4_0 = 2,
    /// <summary>Blocks of 32: fp16 scale d and minimum m, 32 4-bit quants, x = d·q + m.</summary>
    Q4_1 = 3,
    /// <summary>Blocks of 32: fp16 scale, 32 5-bit quants (low 4 bits packed, the fifth bits in a 32-bit mask), x = d·(q − 16).</summary>
    Q5_0 = 6,
    /// <summary>Blocks of 32: fp16 scale and minimum, 32 5-bit quants, x = d·q + m.</summary>
    Q5_1 = 7,
    /// <summary>Blocks of 32: an fp16 scale d and 32 int8 quants, x = d·q.</summary>
    Q8_0 = 8,
    /// <summary>Blocks of 32 int8 with a scale and the block's sum (an intermediate type for dot products).</summary>
    Q8_1 = 9,
    /// <summary>K-quant super-block of 256: 16 sub-blocks of 16 with 4-bit scales and mins, 2-bit quants.</summary>
    Q2_K = 10,
    /// <summary>K-quant super-block of 256: 16 sub-blocks of 16 with 6-bit scales, 3-bit quants.</summary>
    Q3_K = 11,
    /// <summary>K-quant super-block of 256: 8 sub-blocks of 32 with 6-bit scales and mins, 4-bit quants.</summary>
    Q4_K = 12,
    /// <summary>K-quant super-block of 256: 8 sub-blocks of 32 with 6-bit scales and mins, 5-bit quants.</summary>
    Q5_K = 13,
    /// <summary>K-quant super-block of 256: 16 sub-blocks of 16 with int8 scales, 6-bit quants.</summary>
    Q6_K = 14,
    /// <summary>K-quant intermediate type (float scale, 256 int8, block sums) for dot products.</summary>
    Q8_K = 15,
    /// <summary>Importance-aware 2.06 bits per weight.</summary>
    IQ2_XXS = 16,
    /// <summary>Importance-aware 2.31 bits per weight.</summary>
    IQ2_XS = 17,
    /// <summary>Importance-aware 3.06 bits per weight.</summary>
    IQ3_XXS = 18,
    /// <summary>Importance-aware 1.56 bits per weight.</summary>
    IQ1_S = 19,
    /// <summary>Non-linear 4-bit blocks of 32.</summary>
    IQ4_NL = 20,
    /// <summary>Importance-aware 3.44 bits per weight.</summary>
    IQ3_S = 21,
    /// <summary>Importance-aware 2.5 bits per weight.</summary>
    IQ2_S = 22,
    /// <summary>Non-linear 4.25 bits per weight.</summary>
    IQ4_XS = 23,
    /// <summary>8-bit integer.</summary>
    I8 = 24,
    /// <summary>16-bit integer.</summary>
    I16 = 25,
    /// <summary>32-bit integer.</summary>
    I32 = 26,
    /// <summary>64-bit integer.</summary>
    I64 = 27,
    /// <summary>64-bit IEEE double.</summary>
    F64 = 28,
    /// <summary>Importance-aware 1.75 bits per weight.</summary>
    IQ1_M = 29,
    /// <summary>bfloat16: the top 16 bits of an F32.</summary>
    BF16 = 30,
    /// <summary>Ternary, 1.69 bits per weight.</summary>
    TQ1_0 = 34,
    /// <summary>Ternary, 2.06 bits per weight.</summary>
    TQ2_0 = 35,
    /// <summary>Microscaling FP4: blocks of 32 E2M1 values with an E8M0 scale.</summary>
    MXFP4 = 39,
    /// <summary>NVIDIA FP4: blocks of 64, four E4M3 sub-block scales.</summary>
    NVFP4 = 40,
    /// <summary>Blocks of 128 1-bit quants with an fp16 scale.</summary>
    Q1_0 = 41,
    /// <summary>Blocks of 64 2-bit quants with an fp16 scale.</summary>
    Q2_0 = 42,
}
