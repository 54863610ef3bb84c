namespace Workbench.Engine.Gguf;

/// <summary>
/// One tensor of two GGUF files side by side — typically a model before and after quantization: the values
/// (all of them, or evenly spaced whole rows when the tensor is large), the error, bits per weight, and one block of
/// the "after" tensor opened up next to the original values it encodes.
/// </summary>
/// <param name="TensorName">The tensor.</param>
/// <param name="BeforeType">Its type in the first file.</param>
/// <param name="AfterType">Its type in the second file.</param>
/// <param name="Shape">Its shape (the same in both).</param>
/// <param name="RowsCompared">Rows read (each <c>Shape[0]</c> values).</param>
/// <param name="TotalRows">Rows in the tensor.</param>
/// <param name="Before">The compared values of the first file (row after row).</param>
/// <param name="After">The same positions in the second file.</param>
/// <param name="Error">RMSE and max |error| over the compared values.</param>
/// <param name="Block">Block <see cref="BlockIndex"/> of the second file's tensor opened up, or null when its type is
/// not a quantized type this Engine opens (F32, F16, …).</param>
/// <param name="BlockIndex">The block's number within the tensor.</param>
/// <param name="BlockOriginals">The first file's values at the block's positions.</param>
public sealed record TensorComparison(string TensorName, GgmlType BeforeType, GgmlType AfterType, IReadOnlyList<long> Shape,
    long RowsCompared, long TotalRows, float[] Before, float[] After, QuantizationError Error,
    QuantBlockView? Block, long BlockIndex, float[] BlockOriginals)
{
    /// <summary>Default most values compared (65,536): larger tensors are sampled by rows.</summary>
    public const int DefaultMaxValues = 1 << 16;

    /// <summary>Whether only some rows were compared.</summary>
    public bool Sampled => RowsCompared < TotalRows;

    /// <summary>The names of the tensors present in both files with the same shape, in the first file's order.</summary>
    public static IReadOnlyList<string> CommonTensors(GgufFile before, GgufFile after)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        return before.Tensors.Where(t => after.FindTensor(t.Name) is { } o && o.Shape.SequenceEqual(t.Shape)).Select(t => t.Name).ToArray();
    }

    /// <summary>Compares tensor <paramref name="name"/> of <paramref name="before"/> and <paramref name="after"/>.</summary>
    /// <param name="before">The original (e.g. the F32 model).</param>
    /// <param name="after">The quantized model.</param>
    /// <param name="name">A tensor in both files.</param>
    /// <param name="blockIndex">Which block of the after tensor to open (clamped to the tensor).</param>
    /// <param name="maxValues">Most values to read from each file (at least one row is read).</param>
    /// <exception cref="KeyNotFoundException">The tensor is missing from a file; the message says which.</exception>
    /// <exception cref="InvalidOperationException">The shapes differ.</exception>
    /// <exception cref="NotSupportedException">A type this Engine does not dequantize.</exception>
    /// <exception cref="GgufFormatException">A file's data cannot be read.</exception>
    public static TensorComparison Compare(GgufFile before, GgufFile after, string name, long blockIndex = 0, int maxValues = DefaultMaxValues)
    {
        ArgumentNullException.ThrowIfNull(before);
        ArgumentNullException.ThrowIfNull(after);
        var b = before.FindTensor(name) ?? throw new KeyNotFoundException($"'{Path.GetFileName(before.Path)}' has no tensor '{name}'.");
        var a = after.FindTensor(name) ?? throw new KeyNotFoundException($"'{Path.GetFileName(after.Path)}' has no tensor '{name}'.");
        if (!a.Shape.SequenceEqual(b.Shape))
            throw new InvalidOperationException($"Tensor '{name}' is {b.ShapeText} in '{Path.GetFileName(before.Path)}' but {a.ShapeText} in '{Path.GetFileName(after.Path)}': the files are different models.");
        foreach (var t in new[] { a, b })
        {
            if (!Dequantizer.IsSupported(t.Type)) throw new NotSupportedException($"Tensor '{name}' is {t.Traits.Name}, which this Engine does not dequantize.");
        }

        long rowLength = b.RowLength, totalRows = b.RowCount;
        long rowsWanted = Math.Clamp(maxValues / Math.Max(1, rowLength), 1, totalRows);
        var rows = Enumerable.Range(0, (int)rowsWanted).Select(i => i * totalRows / rowsWanted).ToArray();
        var beforeValues = ReadRows(before, b, rows, totalRows);
        var afterValues = ReadRows(after, a, rows, totalRows);

        int blockSize = a.Traits.BlockSize;
        long blocks = a.ElementCount / blockSize;
        blockIndex = Math.Clamp(blockIndex, 0, Math.Max(0, blocks - 1));
        long blockRow = blockIndex * blockSize / rowLength;
        int blockInRow = (int)(blockIndex * blockSize % rowLength / blockSize);
        QuantBlockView? block = null;
        float[] originals = [];
        if (blocks > 0)
        {
            var originalRow = Dequantizer.Dequantize(b.Type, before.ReadRows(b, blockRow, 1));
            originals = originalRow.AsSpan(blockInRow * blockSize, blockSize).ToArray();
            if (QuantBlockView.CanOpen(a.Type)) block = QuantBlockView.Open(a.Type, after.ReadRows(a, blockRow, 1), blockInRow);
        }
        return new TensorComparison(name, b.Type, a.Type, b.Shape, rows.Length, totalRows, beforeValues, afterValues,
            QuantizationError.Of(beforeValues, afterValues), block, blockIndex, originals);
    }

    private static float[] ReadRows(GgufFile file, GgufTensorInfo tensor, long[] rows, long totalRows)
    {
        if (rows.Length == totalRows) return Dequantizer.ReadTensor(file, tensor);
        var values = new float[rows.Length * tensor.RowLength];
        for (int i = 0; i < rows.Length; i++)
            Dequantizer.Dequantize(tensor.Type, file.ReadRows(tensor, rows[i], 1), values.AsSpan((int)(i * tensor.RowLength), (int)tensor.RowLength));
        return values;
    }
}
