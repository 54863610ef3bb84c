using Workbench.Engine.Gguf;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Memory;

/// <summary>Names, sizes and ggml types of <see cref="KvCacheType"/>.</summary>
public static class KvCacheTypes
{
    /// <summary>The names accepted by <see cref="Parse"/>, llama-server's spellings: <c>f16</c>, <c>q8_0</c>, <c>q4_0</c>.</summary>
    public static IReadOnlyList<string> Names { get; } = ["f16", "q8_0", "q4_0"];

    /// <summary>Reads a cache type name (case-insensitive).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public static KvCacheType Parse(string name) => name?.Trim().ToLowerInvariant() switch
    {
        "f16" => KvCacheType.F16,
        "q8_0" => KvCacheType.Q8_0,
        "q4_0" => KvCacheType.Q4_0,
        _ => throw new ArgumentException($"Unknown KV cache type '{name}': use one of {string.Join(", ", Names)}.", nameof(name)),
    };

    /// <summary>The llama-server spelling of <paramref name="type"/> (<c>f16</c>, <c>q8_0</c>, <c>q4_0</c>).</summary>
    public static string Name(KvCacheType type) => Names[(int)type];

    /// <summary>ggml's block of <paramref name="type"/>: elements per block and bytes per block
    /// (<c>ggml_blck_size</c> / <c>ggml_type_size</c>; <c>block_q8_0</c> = F16 scale + 32 × int8 = 34 bytes,
    /// <c>block_q4_0</c> = F16 scale + 16 bytes of nibbles = 18 bytes, F16 = 1 element in 2 bytes).</summary>
    public static (int Elements, int Bytes) Block(KvCacheType type) => type switch
    {
        KvCacheType.F16 => (1, 2),
        KvCacheType.Q8_0 => (32, 34),
        KvCacheType.Q4_0 => (32, 18),
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    /// <summary>Bytes per cached element: F16 = 2, Q8_0 = 34/32 = 1.0625, Q4_0 = 18/32 = 0.5625.</summary>
    public static double BytesPerElement(KvCacheType type)
    {
        var (elements, bytes) = Block(type);
        return (double)bytes / elements;
    }

    /// <summary>Bytes of one row of <paramref name="elements"/> values (ggml's <c>ggml_row_size</c>): the row must be a
    /// whole number of blocks.</summary>
    /// <exception cref="ArgumentException"><paramref name="elements"/> is not a multiple of the block size.</exception>
    public static long RowBytes(KvCacheType type, long elements)
    {
        var (perBlock, bytes) = Block(type);
        if (elements % perBlock != 0)
            throw new ArgumentException($"A {Name(type)} row needs a multiple of {perBlock} elements; {elements} is not.", nameof(elements));
        return elements / perBlock * bytes;
    }

    internal static GgmlType ToGgml(KvCacheType type) => type switch
    {
        KvCacheType.F16 => GgmlType.F16,
        KvCacheType.Q8_0 => GgmlType.Q8_0,
        KvCacheType.Q4_0 => GgmlType.Q4_0,
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };
}
