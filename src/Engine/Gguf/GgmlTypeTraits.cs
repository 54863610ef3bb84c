using System.Collections.Frozen;

namespace Workbench.Engine.Gguf;

/// <summary>
/// Size facts of one <see cref="GgmlType"/>, as ggml's <c>type_traits</c> table in ggml/src/ggml.c states them
/// (block sizes and <c>sizeof(block_…)</c> from ggml/src/ggml-common.h). A row of <c>n</c> elements of a type takes
/// <c>n / BlockSize · BytesPerBlock</c> bytes; <c>n</c> must be a multiple of <see cref="BlockSize"/>.
/// </summary>
/// <param name="Type">The type.</param>
/// <param name="Name">The name ggml writes (<c>ggml_type_name</c>): lower case, K-quants with a capital K ("q4_K").</param>
/// <param name="BlockSize">Elements per block (1 for plain numbers, 32 for Q8_0/Q4_0, 256 for K-quants).</param>
/// <param name="BytesPerBlock">Bytes per block (<c>type_size</c>).</param>
/// <param name="IsQuantized">Whether ggml marks the type as quantized (block-scaled).</param>
public sealed record GgmlTypeTraits(GgmlType Type, string Name, int BlockSize, int BytesPerBlock, bool IsQuantized)
{
    private const int QK_K = 256;

    private static readonly FrozenDictionary<GgmlType, GgmlTypeTraits> Table = new GgmlTypeTraits[]
    {
        new(GgmlType.F32, "f32", 1, 4, false),
        new(GgmlType.F16, "f16", 1, 2, false),
        new(GgmlType.Q4_0, "q4_0", 32, 2 + 16, true),
        new(GgmlType.Q4_1, "q4_1", 32, 2 + 2 + 16, true),
        new(GgmlType.Q5_0, "q5_0", 32, 2 + 4 + 16, true),
        new(GgmlType.Q5_1, "q5_1", 32, 2 + 2 + 4 + 16, true),
        new(GgmlType.Q8_0, "q8_0", 32, 2 + 32, true),
        new(GgmlType.Q8_1, "q8_1", 32, 2 + 2 + 32, true),
        new(GgmlType.Q2_K, "q2_K", QK_K, 2 + 2 + QK_K / 16 + QK_K / 4, true),
        new(GgmlType.Q3_K, "q3_K", QK_K, 2 + QK_K / 4 + QK_K / 8 + 12, true),
        new(GgmlType.Q4_K, "q4_K", QK_K, 2 + 2 + 12 + QK_K / 2, true),
        new(GgmlType.Q5_K, "q5_K", QK_K, 2 + 2 + 12 + QK_K / 2 + QK_K / 8, true),
        new(GgmlType.Q6_K, "q6_K", QK_K, 2 + QK_K / 16 + 3 * QK_K / 4, true),
        new(GgmlType.Q8_K, "q8_K", QK_K, 4 + QK_K + QK_K / 16 * 2, true),
        new(GgmlType.IQ2_XXS, "iq2_xxs", QK_K, 2 + QK_K / 8 * 2, true),
        new(GgmlType.IQ2_XS, "iq2_xs", QK_K, 2 + QK_K / 8 * 2 + QK_K / 32, true),
        new(GgmlType.IQ3_XXS, "iq3_xxs", QK_K, 2 + 3 * (QK_K / 8), true),
        new(GgmlType.IQ1_S, "iq1_s", QK_K, 2 + QK_K / 8 + QK_K / 16, true),
        new(GgmlType.IQ4_NL, "iq4_nl", 32, 2 + 16, true),
        new(GgmlType.IQ3_S, "iq3_s", QK_K, 2 + 13 * (QK_K / 32) + QK_K / 64, true),
        new(GgmlType.IQ2_S, "iq2_s", QK_K, 2 + QK_K / 4 + QK_K / 16, true),
        new(GgmlType.IQ4_XS, "iq4_xs", QK_K, 2 + 2 + QK_K / 64 + QK_K / 2, true),
        new(GgmlType.I8, "i8", 1, 1, false),
        new(GgmlType.I16, "i16", 1, 2, false),
        new(GgmlType.I32, "i32", 1, 4, false),
        new(GgmlType.I64, "i64", 1, 8, false),
        new(GgmlType.F64, "f64", 1, 8, false),
        new(GgmlType.IQ1_M, "iq1_m", QK_K, QK_K / 8 + QK_K / 16 + QK_K / 32, true),
        new(GgmlType.BF16, "bf16", 1, 2, false),
        new(GgmlType.TQ1_0, "tq1_0", QK_K, 2 + QK_K / 64 + (QK_K - 4 * QK_K / 64) / 5, true),
        new(GgmlType.TQ2_0, "tq2_0", QK_K, 2 + QK_K / 4, true),
        new(GgmlType.MXFP4, "mxfp4", 32, 1 + 16, true),
        new(GgmlType.NVFP4, "nvfp4", 64, 64 / 16 + 32, true),
        new(GgmlType.Q1_0, "q1_0", 128, 2 + 128 / 8, true),
        new(GgmlType.Q2_0, "q2_0", 64, 2 + 64 / 4, true),
    }.ToFrozenDictionary(t => t.Type);

    /// <summary>Every type in <see cref="GgmlType"/>, in enum order.</summary>
    public static IReadOnlyList<GgmlTypeTraits> All { get; } = Table.Values.OrderBy(t => (int)t.Type).ToArray();

    /// <summary>The traits of <paramref name="type"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="type"/> is not a defined ggml type.</exception>
    public static GgmlTypeTraits For(GgmlType type) =>
        Table.TryGetValue(type, out var traits) ? traits : throw new ArgumentOutOfRangeException(nameof(type), type, "Not a ggml type.");

    /// <summary>Whether <paramref name="number"/> is a defined ggml type number (as stored in a GGUF tensor info).</summary>
    public static bool IsDefined(int number) => Table.ContainsKey((GgmlType)number);

    /// <summary>Average bits per element: <c>8 · BytesPerBlock / BlockSize</c> (Q8_0: 8.5, Q4_0: 4.5, Q4_K: 4.5).</summary>
    public double BitsPerWeight => 8.0 * BytesPerBlock / BlockSize;

    /// <summary>Bytes taken by <paramref name="elements"/> elements of this type.</summary>
    /// <exception cref="ArgumentException"><paramref name="elements"/> is negative or not a multiple of <see cref="BlockSize"/>.</exception>
    public long SizeInBytes(long elements)
    {
        if (elements < 0 || elements % BlockSize != 0)
            throw new ArgumentException($"{elements} elements is not a whole number of {Name} blocks of {BlockSize}.", nameof(elements));
        return elements / BlockSize * BytesPerBlock;
    }
}
