using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// <c>llama_model_quantize</c> behind the Native wall: llama.cpp's default parameters
/// (<c>llama_model_quantize_default_params</c>) changed only in the file type, the thread count and, when asked,
/// <c>allow_requantize</c> — what <c>llama-quantize [--allow-requantize] source output TYPE nthread</c> does, so the
/// output bytes equal llama-quantize's from the same release.
/// </summary>
internal static unsafe class LlamaQuantizer
{
    /// <summary>Quantizes <paramref name="source"/> into <paramref name="output"/>. Blocks until done; logs every
    /// tensor through llama.cpp's log callback. A failed run can leave a partial output file (the caller removes it).</summary>
    /// <param name="source">The GGUF to read.</param>
    /// <param name="output">The GGUF to write (created or replaced).</param>
    /// <param name="ftype">llama.h <c>enum llama_ftype</c> (7 Q8_0, 2 Q4_0, 15 Q4_K_M, 17 Q5_K_M, 12 Q3_K_M, 10 Q2_K,
    /// 18 Q6_K, 8 Q5_0).</param>
    /// <param name="threads">Threads; ≤ 0 lets llama.cpp use every hardware thread.</param>
    /// <param name="allowRequantize">Allow quantizing tensors that are not F32/F16 (a lossy second rounding).</param>
    /// <returns>0 on success, non-zero when llama.cpp failed (it logs the reason).</returns>
    public static uint Quantize(string source, string output, int ftype, int threads, bool allowRequantize = false)
    {
        LlamaModelQuantizeParams parameters = LlamaNative.llama_model_quantize_default_params();
        parameters.ftype = (LlamaFtype)ftype;
        parameters.nthread = threads;
        if (allowRequantize) parameters.AllowRequantize = true;
        return LlamaNative.llama_model_quantize(source, output, &parameters);
    }
}
