namespace Workbench.Engine.Gguf;

/// <summary>
/// One tensor's entry in a GGUF header (<c>gguf_tensor_info</c>): name, type, shape and where its data lies.
/// </summary>
/// <param name="Name">Tensor name, e.g. <c>blk.0.attn_q.weight</c> (UTF-8, under 64 bytes).</param>
/// <param name="Type">Element type.</param>
/// <param name="Shape">ggml's <c>ne[]</c>: 1 to 4 extents, fastest-varying first (<c>Shape[0]</c> is the row
/// length, so a <c>[n_embd, n_vocab]</c> matrix has n_vocab rows of n_embd).</param>
/// <param name="Offset">Byte offset of the data from <see cref="GgufFile.DataOffset"/> (a multiple of the alignment).</param>
/// <param name="SizeInBytes">Bytes of data: rows × <c>Shape[0] / BlockSize · BytesPerBlock</c>.</param>
/// <param name="FileOffset">Absolute byte offset of the data in the file.</param>
public sealed record GgufTensorInfo(string Name, GgmlType Type, IReadOnlyList<long> Shape, long Offset, long SizeInBytes, long FileOffset)
{
    /// <summary>Number of elements (the product of <see cref="Shape"/>).</summary>
    public long ElementCount => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Elements per row (<c>Shape[0]</c>).</summary>
    public long RowLength => Shape[0];

    /// <summary>Number of rows (the product of <c>Shape[1..]</c>).</summary>
    public long RowCount => Shape.Skip(1).Aggregate(1L, (a, b) => a * b);

    /// <summary>The type's size facts.</summary>
    public GgmlTypeTraits Traits => GgmlTypeTraits.For(Type);

    /// <summary>The shape as ggml prints it, e.g. "64 × 512".</summary>
    public string ShapeText => string.Join(" × ", Shape);
}
