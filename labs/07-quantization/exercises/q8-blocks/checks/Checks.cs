// Hidden checks of lab 07 "q8-blocks". Compiled alone and run in the grading process, never in the sandbox and
// never served to students. Each check sends weights through the harness (operations "quantize" and "dequantize")
// and compares what the student's Q8_0 returned, bit for bit, with the reference below.
//
// The reference is ggml's own, read from ggml/src/ggml-quants.c of the llama.cpp release the workbench runs
// (quantize_row_q8_0_ref, dequantize_row_q8_0): per block of 32, amax = max |x|; d = amax / 127 (a float);
// id = d != 0 ? 1/d : 0; the block stores d as fp16 (GGML_FP32_TO_FP16: round to nearest, ties to even, as C#'s
// (Half) cast) and q = roundf(x · id) (C's roundf: halves away from zero); dequantizing gives q · fp16-to-float(d).
// Lab.Tests cross-checks this reference against ggml's from_float_ref on every input here (Lab07GradingTests).
using System.Text.Json.Nodes;
using Workbench.LabSdk;

namespace Workbench.Labs.Quantization;

public static class Q8BlocksChecks
{
    private const int BlockSize = 32;

    /// <summary>Every hidden input of the quantize checks, by name (also read by the Lab test that compares the
    /// reference with ggml).</summary>
    public static IReadOnlyList<(string Name, float[] Weights)> HiddenInputs() =>
    [
        ("realistic", Realistic(seed: 7, blocks: 8)),
        ("ties-d1", TiesWithScaleOne()),
        ("ties-d-half", TiesWithScaleHalf()),
        ("zero", new float[BlockSize]),
        ("zero-then-tiny", [.. new float[BlockSize], .. Realistic(seed: 11, blocks: 1).Select(v => v * 1e-3f)]),
        ("negative-extreme", NegativeExtreme()),
        ("all-equal-negative", Enumerable.Repeat(-0.75f, BlockSize).ToArray()),
    ];

    /// <summary>ggml's Q8_0 of <paramref name="x"/> (length a multiple of 32): per block the fp16 bits of d and the
    /// 32 quantized values.</summary>
    public static (ushort D, sbyte[] Qs)[] Reference(float[] x)
    {
        var blocks = new (ushort, sbyte[])[x.Length / BlockSize];
        for (var b = 0; b < blocks.Length; b++)
        {
            var block = x.AsSpan(b * BlockSize, BlockSize);
            var amax = 0f;
            foreach (var v in block) amax = MathF.Max(amax, MathF.Abs(v));
            var d = amax / 127f;
            var id = d != 0 ? 1f / d : 0f;
            var qs = new sbyte[BlockSize];
            for (var j = 0; j < BlockSize; j++) qs[j] = (sbyte)MathF.Round(block[j] * id, MidpointRounding.AwayFromZero);
            blocks[b] = (BitConverter.HalfToUInt16Bits((Half)d), qs);
        }
        return blocks;
    }

    [Check("realistic-blocks")]
    public static Task RealisticBlocks(CheckContext context) =>
        ExpectQuantizedAsync(context, "8 blocks of weight-like values (a bell curve of a few hundredths, some outliers)", HiddenInputs()[0].Weights);

    [Check("round-half-away")]
    public static async Task RoundHalfAway(CheckContext context)
    {
        await ExpectQuantizedAsync(context, "A block whose largest |x| is 127, so d = 1 and x · (1/d) is x: 0.5, 1.5, 2.5, -2.5 … are exact halves", TiesWithScaleOne());
        await ExpectQuantizedAsync(context, "A block whose largest |x| is 63.5, so d = 0.5: 0.25, 0.75, -1.25 … become exact halves", TiesWithScaleHalf());
    }

    [Check("zero-block")]
    public static async Task ZeroBlock(CheckContext context)
    {
        await ExpectQuantizedAsync(context, "An all-zero block (d = 0; no 0/0)", new float[BlockSize]);
        await ExpectQuantizedAsync(context, "An all-zero block, then a block of tiny values (d below fp16's smallest normal)", HiddenInputs()[4].Weights);
        await ExpectDequantizedAsync(context, "An all-zero block", [(0, new sbyte[BlockSize])]);
    }

    [Check("negative-extreme")]
    public static async Task NegativeExtreme(CheckContext context)
    {
        await ExpectQuantizedAsync(context, "A block whose largest magnitude is negative (-3.0 must become -127)", NegativeExtreme());
        await ExpectQuantizedAsync(context, "A block of 32 × -0.75", Enumerable.Repeat(-0.75f, BlockSize).ToArray());
    }

    [Check("dequantize")]
    public static async Task Dequantize(CheckContext context)
    {
        var stored = Reference(Realistic(seed: 23, blocks: 4));
        await ExpectDequantizedAsync(context, "4 blocks of a real-looking tensor", stored);
        var extremes = new sbyte[BlockSize];
        for (var j = 0; j < BlockSize; j++) extremes[j] = (sbyte)(j % 2 == 0 ? -128 + j : 127 - j);
        await ExpectDequantizedAsync(context, "A block with every q from -128 to 127's ends and d = 0.0123 (not exact in fp16: d is the stored fp16 value)",
            [(BitConverter.HalfToUInt16Bits((Half)0.0123f), extremes), (BitConverter.HalfToUInt16Bits((Half)1e-6f), extremes)]);
    }

    [Check("block-length")]
    public static async Task BlockLength(CheckContext context)
    {
        foreach (var length in new[] { 33, 31, 100 })
        {
            var result = await context.CallAsync("quantize", Input(Realistic(seed: 5, blocks: 4)[..length]));
            if (result?["rejected"] is null)
                throw new CheckFailedException($"{length} weights (not a multiple of 32): Quantize returned {result?["blocks"]?.AsArray().Count ?? 0} block(s); it must throw an ArgumentException (ggml asserts k % 32 == 0: a row that is not whole blocks cannot be Q8_0).");
        }
        await ExpectQuantizedAsync(context, "No weights at all (0 blocks)", []);
        await ExpectQuantizedAsync(context, "64 weights (2 blocks)", Realistic(seed: 5, blocks: 2));
    }

    private static async Task ExpectQuantizedAsync(CheckContext context, string what, float[] x)
    {
        var result = await context.CallAsync("quantize", Input(x));
        if (result?["rejected"] is { } rejected)
            throw new CheckFailedException($"{what}: Quantize threw an ArgumentException ({(string?)rejected}) for {x.Length} weights.");
        var blocks = result?["blocks"] as JsonArray ?? [];
        var expected = Reference(x);
        if (blocks.Count != expected.Length)
            throw new CheckFailedException($"{what}: Quantize returned {blocks.Count} block(s) for {x.Length} weights; expected {expected.Length}.");
        for (var b = 0; b < expected.Length; b++)
        {
            var (d, qs) = expected[b];
            var gotD = (ushort)blocks[b]!["d"]!;
            if (gotD != d)
                throw new CheckFailedException($"{what}: block {b}'s d is {Show(gotD)}; expected {Show(d)} = max|x| / 127 = {AbsMax(x, b)} / 127, stored as fp16.");
            var gotQs = blocks[b]!["qs"]!.AsArray().Select(q => (int)q!).ToArray();
            if (gotQs.Length != BlockSize)
                throw new CheckFailedException($"{what}: block {b} has {gotQs.Length} qs; expected {BlockSize}.");
            for (var j = 0; j < BlockSize; j++)
            {
                if (gotQs[j] == qs[j]) continue;
                var xj = x[b * BlockSize + j];
                var scaled = xj * (d == 0 ? 0f : 1f / (AbsMax(x, b) / 127f));
                var hint = MathF.Abs(scaled - MathF.Truncate(scaled)) == 0.5f
                    ? $" x · (1/d) is exactly {scaled}: C's roundf rounds halves away from zero; C#'s Math.Round rounds them to even unless told MidpointRounding.AwayFromZero."
                    : $" x · (1/d) = {scaled:R}, with d the float max|x| / 127 (ggml rounds with the float d, before it is stored as fp16).";
                throw new CheckFailedException($"{what}: block {b}, weight {j} (x = {xj:R}) became q = {gotQs[j]}; expected {qs[j]}.{hint}");
            }
        }
    }

    private static async Task ExpectDequantizedAsync(CheckContext context, string what, (ushort D, sbyte[] Qs)[] blocks)
    {
        var input = new JsonObject
        {
            ["blocks"] = new JsonArray([.. blocks.Select(b => (JsonNode)new JsonObject
            {
                ["d"] = b.D,
                ["qs"] = new JsonArray([.. b.Qs.Select(q => (JsonNode)(int)q)]),
            })]),
        };
        var result = await context.CallAsync("dequantize", input);
        var got = (result?["bits"] as JsonArray ?? []).Select(v => BitConverter.UInt32BitsToSingle((uint)v!)).ToArray();
        if (got.Length != blocks.Length * BlockSize)
            throw new CheckFailedException($"{what}: Dequantize returned {got.Length} floats for {blocks.Length} block(s); expected {blocks.Length * BlockSize}.");
        for (var b = 0; b < blocks.Length; b++)
        {
            var d = (float)BitConverter.UInt16BitsToHalf(blocks[b].D);
            for (var j = 0; j < BlockSize; j++)
            {
                var expected = blocks[b].Qs[j] * d;
                var actual = got[b * BlockSize + j];
                if (BitConverter.SingleToUInt32Bits(actual) != BitConverter.SingleToUInt32Bits(expected))
                    throw new CheckFailedException($"{what}: block {b}, weight {j} (q = {blocks[b].Qs[j]}, d = {Show(blocks[b].D)}) came back as {actual:R}; expected q · d = {expected:R}.");
            }
        }
    }

    private static JsonObject Input(float[] x) =>
        new() { ["bits"] = new JsonArray([.. x.Select(v => (JsonNode)BitConverter.SingleToUInt32Bits(v))]) };

    private static string Show(ushort fp16Bits) => $"0x{fp16Bits:x4} ({(float)BitConverter.UInt16BitsToHalf(fp16Bits):R})";

    private static float AbsMax(float[] x, int block)
    {
        var amax = 0f;
        foreach (var v in x.AsSpan(block * BlockSize, BlockSize)) amax = MathF.Max(amax, MathF.Abs(v));
        return amax;
    }

    /// <summary>Weight-like values: per block a bell curve (the sum of four uniforms) with its own spread of
    /// 0.01–0.1, and in every third block one outlier ten times larger, as real tensors have.</summary>
    private static float[] Realistic(int seed, int blocks)
    {
        var random = new Random(seed);
        var x = new float[blocks * BlockSize];
        for (var b = 0; b < blocks; b++)
        {
            var spread = 0.01f + 0.09f * (float)random.NextDouble();
            for (var j = 0; j < BlockSize; j++)
            {
                var bell = (float)(random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble() - 2.0);
                x[b * BlockSize + j] = bell * spread;
            }
            if (b % 3 == 0) x[b * BlockSize + random.Next(BlockSize)] = 10 * spread * (random.Next(2) == 0 ? -1 : 1);
        }
        return x;
    }

    private static float[] TiesWithScaleOne()
    {
        float[] values = [127f, 0.5f, 1.5f, 2.5f, -0.5f, -1.5f, -2.5f, 3.5f, -3.5f, 100.5f, -100.5f, 126.5f, -126.5f, 7f, -7f, 0f];
        return [.. values, .. values.Select(v => v == 127f ? 64.5f : -v)];
    }

    private static float[] TiesWithScaleHalf()
    {
        float[] values = [63.5f, 0.25f, 0.75f, 1.25f, -0.25f, -0.75f, -1.25f, 10.25f, -10.25f, 33.75f, -33.75f, 63.25f, -63.25f, 5f, -5f, 0f];
        return [.. values, .. values.Select(v => v == 63.5f ? 31.25f : -v)];
    }

    private static float[] NegativeExtreme()
    {
        var x = Realistic(seed: 13, blocks: 1).Select(v => v * 10f).ToArray();
        x[17] = -3.0f;
        for (var j = 0; j < BlockSize; j++) if (j != 17) x[j] = Math.Clamp(x[j], -2.9f, 2.9f);
        return x;
    }
}
