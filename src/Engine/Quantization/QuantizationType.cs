namespace Workbench.Engine.Quantization;

/// <summary>
/// A GGUF quantization scheme the lab offers, as llama.cpp's <c>llama-quantize</c> names it: the
/// <c>llama_ftype</c> number it passes to <c>llama_model_quantize</c> (llama.h v0.5.0, <c>LLAMA_FTYPE_MOSTLY_*</c>)
/// and a line on what it is. The "+ppl" figures in the descriptions are llama-quantize's own table
/// (tools/quantize/quantize.cpp, measured on Llama-3-8B).
/// </summary>
/// <param name="Name">The type's name, e.g. <c>Q4_K_M</c> (also the suffix of the output file name).</param>
/// <param name="Ftype">The <c>llama_ftype</c> value.</param>
/// <param name="NominalBitsPerWeight">Bits per weight of the main tensor type's blocks (e.g. Q4_0: 18 bytes per 32
/// weights = 4.5); a mix like Q4_K_M lands near it, tensors that stay F32 add to it.</param>
/// <param name="Description">One line for the picker.</param>
public sealed record QuantizationType(string Name, int Ftype, double NominalBitsPerWeight, string Description)
{
    /// <summary>The offered types, largest first: Q8_0, Q6_K, Q5_K_M, Q5_0, Q4_K_M, Q4_0, Q3_K_M, Q2_K.</summary>
    public static IReadOnlyList<QuantizationType> All { get; } =
    [
        new("Q8_0", 7, 8.5, "8-bit blocks of 32 with one F16 scale; nearly lossless (+0.0026 ppl @ Llama-3-8B)."),
        new("Q6_K", 18, 6.5625, "6-bit K-quant: 256-weight super-blocks, 16 sub-block scales (+0.0217 ppl)."),
        new("Q5_K_M", 17, 5.5, "5-bit K-quant mix; attention V and FFN down tensors get Q6_K (+0.0569 ppl)."),
        new("Q5_0", 8, 5.5, "5-bit blocks of 32 with one F16 scale, the legacy format (+0.1316 ppl)."),
        new("Q4_K_M", 15, 4.5, "4-bit K-quant mix, the usual default; some tensors get Q6_K (+0.1754 ppl)."),
        new("Q4_0", 2, 4.5, "4-bit blocks of 32 with one F16 scale, the legacy format (+0.4685 ppl)."),
        new("Q3_K_M", 12, 3.4375, "3-bit K-quant mix; some tensors get Q4_K/Q5_K (+0.6569 ppl)."),
        new("Q2_K", 10, 2.625, "2-bit K-quant with 4-bit sub-block scales; large loss (+3.5199 ppl)."),
    ];

    /// <summary>The type called <paramref name="name"/> (any case), or null.</summary>
    /// <param name="name">A type name such as <c>q4_k_m</c>.</param>
    public static QuantizationType? Find(string? name) =>
        string.IsNullOrWhiteSpace(name) ? null : All.FirstOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The names, comma-separated, for error messages.</summary>
    public static string Names => string.Join(", ", All.Select(t => t.Name));
}
