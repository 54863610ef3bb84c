namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_ftype</c> (llama.h): the file type / quantization of a model
/// (<c>general.file_type</c>). Member names drop llama.h's <c>LLAMA_FTYPE_MOSTLY_</c> prefix.</summary>
internal enum LlamaFtype
{
    /// <summary>LLAMA_FTYPE_ALL_F32.</summary>
    F32 = 0,
    /// <summary>LLAMA_FTYPE_MOSTLY_F16.</summary>
    F16 = 1,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_0.</summary>
    Q4_0 = 2,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_1.</summary>
    Q4_1 = 3,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q8_0.</summary>
    Q8_0 = 7,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q5_0.</summary>
    Q5_0 = 8,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q5_1.</summary>
    Q5_1 = 9,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q2_K.</summary>
    Q2_K = 10,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q3_K_S.</summary>
    Q3_K_S = 11,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q3_K_M.</summary>
    Q3_K_M = 12,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q3_K_L.</summary>
    Q3_K_L = 13,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_K_S.</summary>
    Q4_K_S = 14,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q4_K_M.</summary>
    Q4_K_M = 15,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q5_K_S.</summary>
    Q5_K_S = 16,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q5_K_M.</summary>
    Q5_K_M = 17,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q6_K.</summary>
    Q6_K = 18,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ2_XXS.</summary>
    IQ2_XXS = 19,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ2_XS.</summary>
    IQ2_XS = 20,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q2_K_S.</summary>
    Q2_K_S = 21,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ3_XS.</summary>
    IQ3_XS = 22,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ3_XXS.</summary>
    IQ3_XXS = 23,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ1_S.</summary>
    IQ1_S = 24,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ4_NL.</summary>
    IQ4_NL = 25,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ3_S.</summary>
    IQ3_S = 26,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ3_M.</summary>
    IQ3_M = 27,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ2_S.</summary>
    IQ2_S = 28,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ2_M.</summary>
    IQ2_M = 29,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ4_XS.</summary>
    IQ4_XS = 30,
    /// <summary>LLAMA_FTYPE_MOSTLY_IQ1_M.</summary>
    IQ1_M = 31,
    /// <summary>LLAMA_FTYPE_MOSTLY_BF16.</summary>
    BF16 = 32,
    /// <summary>LLAMA_FTYPE_MOSTLY_TQ1_0.</summary>
    TQ1_0 = 36,
    /// <summary>LLAMA_FTYPE_MOSTLY_TQ2_0.</summary>
    TQ2_0 = 37,
    /// <summary>LLAMA_FTYPE_MOSTLY_MXFP4_MOE.</summary>
    MXFP4_MOE = 38,
    /// <summary>LLAMA_FTYPE_MOSTLY_NVFP4.</summary>
    NVFP4 = 39,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q1_0.</summary>
    Q1_0 = 40,
    /// <summary>LLAMA_FTYPE_MOSTLY_Q2_0.</summary>
    Q2_0 = 41,
    /// <summary>LLAMA_FTYPE_GUESSED: not specified in the model file.</summary>
    GUESSED = 1024,
}
