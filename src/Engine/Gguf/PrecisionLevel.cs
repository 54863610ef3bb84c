namespace Workbench.Engine.Gguf;

/// <summary>The same values at one precision (see <see cref="PrecisionPicture"/>).</summary>
/// <param name="Type">F32, or the block type the values went through.</param>
/// <param name="Label">What the lecture calls it: "FP32", "Q8_0", "Q4_0", "Q2 (Q2_0)".</param>
/// <param name="Values">The values after quantizing and dequantizing (F32: the originals).</param>
/// <param name="Error">Error against the originals.</param>
/// <param name="SizeInBytes">Bytes these values take in the type (blocks with their fp16 scales).</param>
/// <param name="BitsPerWeight">Bits per value, scales included.</param>
/// <param name="DistinctValues">How many different values remain (F32: as many as there are).</param>
public sealed record PrecisionLevel(GgmlType Type, string Label, float[] Values, QuantizationError Error, long SizeInBytes,
    double BitsPerWeight, int DistinctValues);
