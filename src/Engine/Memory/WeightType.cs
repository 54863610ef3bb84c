namespace Workbench.Engine.Memory;

/// <summary>A weight precision and its bits per weight, for "parameters × bits per weight" sizing.</summary>
/// <param name="Name">llama-quantize's name: <c>F32</c>, <c>Q8_0</c>, <c>Q4_K_M</c>, ….</param>
/// <param name="BitsPerWeight">Average bits per parameter.</param>
/// <param name="IsMixture">True for a llama.cpp file type that mixes tensor types (<c>Q4_K_M</c> keeps some tensors at
/// Q6_K, embeddings and the output layer at other types): its bits per weight are measured, not a block size.</param>
/// <param name="Source">Where <paramref name="BitsPerWeight"/> comes from.</param>
public sealed record WeightType(string Name, double BitsPerWeight, bool IsMixture, string Source)
{
    /// <summary>Parameters of Meta-Llama-3-8B (8,030,261,248; llama.cpp prints "model params = 8.03 B"), the model
    /// llama-quantize's size table was measured on.</summary>
    public const long Llama3_8BParameters = 8_030_261_248;

    private const string BlockSource = "ggml block layout (ggml/src/ggml-common.h): bytes per block × 8 / elements per block";
    private const string TableSource = "llama.cpp tools/quantize/quantize.cpp QUANT_OPTIONS: file size in GiB @ Llama-3-8B × 2^30 × 8 / 8,030,261,248 parameters";

    /// <summary>The types the calculator offers: the pure block types, then llama-quantize's mixtures (the issue's
    /// list: Q8_0, Q6_K, Q5_K_M, Q5_0, Q4_K_M, Q4_0, Q3_K_M, Q2_K), as a whole file of that type averages them.</summary>
    public static IReadOnlyList<WeightType> All { get; } =
    [
        Block("F32", 4, 1),
        Block("F16", 2, 1),
        Block("BF16", 2, 1),
        // Pure ggml tensor types (every tensor at this type): block_q8_0 = 2 + 32, block_q4_0 = 2 + 16, …
        Block("Q8_0 (tensor)", 34, 32),
        Block("Q6_K (tensor)", 210, 256),
        Block("Q5_K (tensor)", 176, 256),
        Block("Q5_0 (tensor)", 22, 32),
        Block("Q4_K (tensor)", 144, 256),
        Block("Q4_0 (tensor)", 18, 32),
        Block("Q3_K (tensor)", 110, 256),
        Block("Q2_K (tensor)", 84, 256),
        // Whole files as llama-quantize writes them (its size table).
        Table("Q8_0", 7.96),
        Table("Q6_K", 6.14),
        Table("Q5_K_M", 5.33),
        Table("Q5_K_S", 5.21),
        Table("Q5_0", 5.21),
        Table("Q4_K_M", 4.58),
        Table("Q4_K_S", 4.37),
        Table("Q4_0", 4.34),
        Table("Q3_K_M", 3.74),
        Table("Q2_K", 2.96),
    ];

    /// <summary>The type named <paramref name="name"/> (case-insensitive), or null.</summary>
    public static WeightType? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(t => string.Equals(t.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Bytes of <paramref name="parameters"/> weights at this precision: parameters × bits / 8.</summary>
    public long BytesFor(long parameters) => (long)Math.Round(parameters * BitsPerWeight / 8.0);

    private static WeightType Block(string name, int bytesPerBlock, int elementsPerBlock) =>
        new(name, bytesPerBlock * 8.0 / elementsPerBlock, false, BlockSource);

    private static WeightType Table(string name, double gibOnLlama3_8B) =>
        new(name, gibOnLlama3_8B * 1024 * 1024 * 1024 * 8 / Llama3_8BParameters, true, TableSource);
}
