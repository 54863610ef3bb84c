namespace Workbench.Engine.Gguf;

/// <summary>
/// The lecture's "Let's visualize this!": the same N parameters at FP32, Q8_0, Q4_0 and Q2. Each quantized level is
/// ggml's reference quantizer followed by its dequantizer (<see cref="ReferenceQuantizer"/>,
/// <see cref="Dequantizer"/>). "Q2" is ggml's <c>Q2_0</c>: blocks of 64 with one fp16 scale d and 2-bit codes
/// meaning −d, 0, +d, +2d (2.25 bits per weight). llama.cpp's Q2_K, what "Q2" files use, is a 256-value
/// super-block with 4-bit sub-block scales and mins (2.625 bits per weight), and needs rows of 256 or more.
/// </summary>
public static class PrecisionPicture
{
    /// <summary>Smallest N.</summary>
    public const int MinCount = 64;

    /// <summary>Largest N.</summary>
    public const int MaxCount = 4096;

    /// <summary>The precisions shown, in order.</summary>
    public static IReadOnlyList<GgmlType> Types { get; } = [GgmlType.F32, GgmlType.Q8_0, GgmlType.Q4_0, GgmlType.Q2_0];

    /// <summary>N seeded weight-like values: normal with mean 0 and standard deviation 0.02 (a typical initialiser
    /// scale), with one value in 64 drawn ten times wider (the outliers that set block scales).</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="count"/> is not a multiple of 64 in
    /// <see cref="MinCount"/>..<see cref="MaxCount"/>.</exception>
    public static float[] SeededValues(int count, int seed)
    {
        CheckCount(count);
        var random = new Random(seed);
        var values = new float[count];
        for (int i = 0; i < count; i++)
        {
            // Box–Muller: two uniforms give one standard normal.
            double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
            double normal = Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
            values[i] = (float)(normal * 0.02 * (random.Next(64) == 0 ? 10 : 1));
        }
        return values;
    }

    /// <summary>The values at each of <see cref="Types"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The count is not a multiple of 64 in
    /// <see cref="MinCount"/>..<see cref="MaxCount"/>.</exception>
    public static IReadOnlyList<PrecisionLevel> Simulate(ReadOnlySpan<float> values)
    {
        CheckCount(values.Length);
        var levels = new List<PrecisionLevel>();
        foreach (var type in Types)
        {
            var traits = GgmlTypeTraits.For(type);
            float[] after = type == GgmlType.F32 ? values.ToArray() : Dequantizer.Dequantize(type, ReferenceQuantizer.Quantize(type, values));
            string label = type switch { GgmlType.F32 => "FP32", GgmlType.Q2_0 => "Q2 (Q2_0)", _ => type.ToString() };
            levels.Add(new PrecisionLevel(type, label, after, QuantizationError.Of(values, after), traits.SizeInBytes(values.Length),
                traits.BitsPerWeight, after.Distinct().Count()));
        }
        return levels;
    }

    private static void CheckCount(int count)
    {
        if (count < MinCount || count > MaxCount || count % 64 != 0)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"N must be a multiple of 64 from {MinCount} to {MaxCount}.");
    }
}
