namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum ggml_type</c> (ggml.h): tensor element type (KV-cache types, quantization overrides).
/// <see cref="COUNT"/> means "not set" where llama.h uses it as a default.</summary>
internal enum GgmlType
{
    /// <summary>GGML_TYPE_F32.</summary>
    F32 = 0,
    /// <summary>GGML_TYPE_F16.</summary>
    F16 = 1,
    /// <summary>GGML_TYPE_Q4_0.</summary>
    Q4_0 = 2,
    /// <summary>GGML_TYPE_Q4_1.</summary>
    Q4_1 = 3,
    /// <summary>GGML_TYPE_Q5_0.</summary>
    Q5_0 = 6,
    /// <summary>GGML_TYPE_Q5_1.</summary>
    Q5_1 = 7,
    /// <summary>GGML_TYPE_Q8_0.</summary>
    Q8_0 = 8,
    /// <summary>GGML_TYPE_Q8_1.</summary>
    Q8_1 = 9,
    /// <summary>GGML_TYPE_Q2_K.</summary>
    Q2_K = 10,
    /// <summary>GGML_TYPE_Q3_K.</summary>
    Q3_K = 11,
    /// <summary>GGML_TYPE_Q4_K.</summary>
    Q4_K = 12,
    /// <summary>GGML_TYPE_Q5_K.</summary>
    Q5_K = 13,
    /// <summary>GGML_TYPE_Q6_K.</summary>
    Q6_K = 14,
    /// <summary>GGML_TYPE_Q8_K.</summary>
    Q8_K = 15,
    /// <summary>GGML_TYPE_IQ2_XXS.</summary>
    IQ2_XXS = 16,
    /// <summary>GGML_TYPE_IQ2_XS.</summary>
    IQ2_XS = 17,
    /// <summary>GGML_TYPE_IQ3_XXS.</summary>
    IQ3_XXS = 18,
    /// <summary>GGML_TYPE_IQ1_S.</summary>
    IQ1_S = 19,
    /// <summary>GGML_TYPE_IQ4_NL.</summary>
    IQ4_NL = 20,
    /// <summary>GGML_TYPE_IQ3_S.</summary>
    IQ3_S = 21,
    /// <summary>GGML_TYPE_IQ2_S.</summary>
    IQ2_S = 22,
    /// <summary>GGML_TYPE_IQ4_XS.</summary>
    IQ4_XS = 23,
    /// <summary>GGML_TYPE_I8.</summary>
    I8 = 24,
    /// <summary>GGML_TYPE_I16.</summary>
    I16 = 25,
    /// <summary>GGML_TYPE_I32.</summary>
    I32 = 26,
    /// <summary>GGML_TYPE_I64.</summary>
    I64 = 27,
    /// <summary>GGML_TYPE_F64.</summary>
    F64 = 28,
    /// <summary>GGML_TYPE_IQ1_M.</summary>
    IQ1_M = 29,
    /// <summary>GGML_TYPE_BF16.</summary>
    BF16 = 30,
    /// <summary>GGML_TYPE_TQ1_0.</summary>
    TQ1_0 = 34,
    /// <summary>GGML_TYPE_TQ2_0.</summary>
    TQ2_0 = 35,
    /// <summary>GGML_TYPE_MXFP4.</summary>
    MXFP4 = 39,
    /// <summary>GGML_TYPE_NVFP4.</summary>
    NVFP4 = 40,
    /// <summary>GGML_TYPE_Q1_0.</summary>
    Q1_0 = 41,
    /// <summary>GGML_TYPE_Q2_0.</summary>
    Q2_0 = 42,
    /// <summary>GGML_TYPE_COUNT.</summary>
    COUNT = 43,
}
