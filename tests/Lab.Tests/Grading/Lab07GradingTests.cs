using System.Reflection;
using System.Runtime.InteropServices;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>Lab 07's exercises as the content loader reads them from the repository's <c>labs/</c>, graded on the
/// real compiler and sandbox; and the q8-blocks checks' reference quantizer compared with ggml's own
/// (<c>ggml_get_type_traits(GGML_TYPE_Q8_0)->from_float_ref</c> in the natives' <c>libggml-base.so</c>) on every
/// hidden input.</summary>
[Collection(GradingCollection.Name)]
public sealed class Lab07GradingTests(GradingFixture fixture, ITestOutputHelper output)
{
    private const string LabId = "07-quantization";

    private static LabDefinition Lab => RealLabs.Get(LabId);

    private static ExerciseDefinition Q8 => Lab.FindExercise("q8-blocks")!;

    private static ExerciseDefinition Budget => Lab.FindExercise("memory-budget")!;

    [Fact]
    public void Validate_Lab07_HasNoErrorsAndEmbedsTheQuantizationWidgets()
    {
        var errors = LabCatalogLoader.Validate(RealLabs.ContentDirectory, LabWidgets.Names);

        Assert.DoesNotContain(errors, e => e.File.StartsWith(LabId + "/", StringComparison.Ordinal));
        Assert.Equal(7, Lab.Order);
        Assert.Equal(["04-structured-output"], Lab.Prerequisites);
        Assert.Equal(["q8-blocks", "memory-budget", "quiz"], Lab.Exercises.Select(e => e.Id));
        Assert.Equal([ExerciseKind.Code, ExerciseKind.Code, ExerciseKind.Quiz], Lab.Exercises.Select(e => e.Kind));
        Assert.Equal([LabWidgets.PrecisionPicture, LabWidgets.WeightView, LabWidgets.Quantize, LabWidgets.QuantCompare, LabWidgets.VramCalculator],
            Lab.Blocks.OfType<WidgetBlock>().Select(w => w.Name));
        Assert.Equal(["q8-blocks", "memory-budget", "quiz"], Lab.Blocks.OfType<ExerciseBlock>().Select(b => b.ExerciseId));
    }

    [Fact]
    public async Task GradeAsync_Q8Reference_PassesEveryCheck()
    {
        var result = await GradeAsync(Q8, RealLabs.Solution(Q8));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Q8.MaxScore, Describe(result));
        Assert.Equal(6, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_Q8Starter_FailsEveryCheckAtTheTodo()
    {
        var result = await GradeAsync(Q8, RealLabs.Starter(Q8));

        RealLabs.AssertGraded(result);
        Assert.Empty(result.Diagnostics);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Contains("NotImplementedException: TODO", c.Message));
    }

    [Fact]
    public async Task GradeAsync_Q8WithBankersRounding_FailsOnlyTheTiesNamingRoundf()
    {
        // Math.Round's default (to even) differs from C's roundf only on exact halves.
        var solution = RealLabs.Solution(Q8, s => s.Replace("MathF.Round(block[j] * inverse, MidpointRounding.AwayFromZero)", "MathF.Round(block[j] * inverse)"));

        var result = await GradeAsync(Q8, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["round-half-away"]), Describe(result));
        Assert.Contains("roundf rounds halves away from zero", result.Checks.Single(c => c.Id == "round-half-away").Message);
    }

    [Fact]
    public async Task GradeAsync_Q8RoundingWithTheFp16Scale_FailsTheRealisticBlocks()
    {
        var solution = RealLabs.Solution(Q8, s => s.Replace("var inverse = d != 0 ? 1f / d : 0f;", "var inverse = d != 0 ? 1f / (float)(Half)d : 0f;"));

        var result = await GradeAsync(Q8, solution);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("realistic-blocks", failed);
        Assert.Contains("rounds with the float d", result.Checks.Single(c => c.Id == "realistic-blocks").Message);
        Assert.DoesNotContain("dequantize", failed);
    }

    [Fact]
    public async Task GradeAsync_Q8DequantizingWithTheFloatScale_FailsTheDequantizeCheck()
    {
        // A dequantizer that recomputes d as a float from the qs cannot exist; one that skips the fp16 value can:
        // here d is rounded to 3 decimals instead of read as stored.
        var solution = RealLabs.Solution(Q8, s => s.Replace("var d = (float)blocks[b].D;", "var d = MathF.Round((float)blocks[b].D, 3);"));

        var result = await GradeAsync(Q8, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["dequantize"]), Describe(result));
    }

    [Fact]
    public async Task GradeAsync_Q8ThatPadsAShortBlock_FailsTheLengthCheck()
    {
        var solution = RealLabs.Solution(Q8, s => s
            .Replace("throw new ArgumentException($\"Q8_0 quantizes whole blocks of {BlockSize} weights; {x.Length} is not a multiple of {BlockSize}.\", nameof(x));",
                "x = [.. x, .. new float[BlockSize - x.Length % BlockSize]];"));

        var result = await GradeAsync(Q8, solution);

        Assert.True(result.Checks.Where(c => !c.Passed).Select(c => c.Id).SequenceEqual(["block-length"]), Describe(result));
        Assert.Contains("it must throw an ArgumentException", result.Checks.Single(c => c.Id == "block-length").Message);
    }

    [Fact]
    public void Q8ChecksReference_EveryHiddenInput_EqualsGgmlFromFloatRef()
    {
        var checks = JudgeType(Q8, "Workbench.Labs.Quantization.Q8BlocksChecks");
        var inputs = (IReadOnlyList<(string Name, float[] Weights)>)checks.GetMethod("HiddenInputs")!.Invoke(null, null)!;
        var reference = checks.GetMethod("Reference")!;
        using var ggml = new GgmlQ8();

        Assert.Equal(7, inputs.Count);
        foreach (var (name, weights) in inputs)
        {
            var expected = ggml.Quantize(weights);
            var blocks = ((ushort D, sbyte[] Qs)[])reference.Invoke(null, [weights])!;
            Assert.Equal(expected.Length, blocks.Length * GgmlQ8.BlockBytes);
            for (var b = 0; b < blocks.Length; b++)
            {
                var block = expected.AsSpan(b * GgmlQ8.BlockBytes, GgmlQ8.BlockBytes);
                Assert.True(BitConverter.ToUInt16(block[..2]) == blocks[b].D, $"{name}, block {b}: d");
                Assert.True(block[2..].ToArray().Select(q => (sbyte)q).SequenceEqual(blocks[b].Qs), $"{name}, block {b}: qs");

                // and ggml's to_float reads the block back as the check's q · fp16(d)
                var back = ggml.Dequantize(block.ToArray());
                var d = (float)BitConverter.UInt16BitsToHalf(blocks[b].D);
                Assert.Equal(blocks[b].Qs.Select(q => q * d), back);
            }
            output.WriteLine($"{name}: {blocks.Length} block(s) equal to ggml's");
        }
    }

    [Fact]
    public async Task GradeAsync_BudgetReference_PassesEveryCheck()
    {
        var result = await GradeAsync(Budget, RealLabs.Solution(Budget));

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == Budget.MaxScore, Describe(result));
        Assert.Equal(7, result.Checks.Count);
        Assert.Empty(result.Diagnostics);
    }

    [Fact]
    public async Task GradeAsync_BudgetStarter_FailsEveryCheckAtTheTodo()
    {
        var result = await GradeAsync(Budget, RealLabs.Starter(Budget));

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Contains("NotImplementedException: TODO", c.Message));
    }

    [Fact]
    public async Task GradeAsync_BudgetInIntArithmetic_FailsTheKvCacheCheck()
    {
        var solution = RealLabs.Solution(Budget, s => s.Replace("(long)context * model.Layers", "context * model.Layers"));

        var result = await GradeAsync(Budget, solution);

        Assert.Contains("kv-cache", result.Checks.Where(c => !c.Passed).Select(c => c.Id));
        Assert.Contains("multiply in long", result.Checks.Single(c => c.Id == "kv-cache").Message);
    }

    [Fact]
    public async Task GradeAsync_BudgetWithAStrictLimit_FailsTheExactBudgetChecks()
    {
        var solution = RealLabs.Solution(Budget, s => s.Replace("if (left < perToken * ContextStep) continue;", "if (left <= perToken * ContextStep) continue;")
            .Replace("left / perToken / ContextStep * ContextStep", "(left - 1) / perToken / ContextStep * ContextStep"));

        var result = await GradeAsync(Budget, solution);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("exact-budget", failed);
        Assert.Contains("nothing-fits", failed);
        Assert.DoesNotContain("best-type", failed);
    }

    [Fact]
    public async Task GradeAsync_BudgetThatMaximisesContextFirst_FailsTheSmallContextCheck()
    {
        // Choosing the type with the longest context (instead of the most bits) is the other sensible rule, not this one.
        var solution = RealLabs.Solution(Budget, s => s.Replace("types.OrderByDescending(t => t.BitsPerWeight)", "types.OrderBy(t => t.BitsPerWeight)"));

        var result = await GradeAsync(Budget, solution);

        var failed = result.Checks.Where(c => !c.Passed).Select(c => c.Id).ToList();
        Assert.Contains("small-context", failed);
        Assert.Contains("best-type", failed);
        Assert.DoesNotContain("kv-cache", failed);
    }

    [Fact]
    public async Task GradeAsync_BudgetWithoutTheContextCap_FailsTheCapCheck()
    {
        var solution = RealLabs.Solution(Budget, s => s.Replace("var longest = model.MaxContext / ContextStep * ContextStep;", "var longest = long.MaxValue;"));

        var result = await GradeAsync(Budget, solution);

        Assert.Contains("context-cap", result.Checks.Where(c => !c.Passed).Select(c => c.Id));
    }

    [Fact]
    public async Task GradeAsync_QuizAllCorrect_ScoresEveryQuestion()
    {
        var quiz = Lab.FindExercise("quiz")!;

        var result = await fixture.Grader.GradeAsync(RealLabs.SubmitCorrectAnswers(Lab, quiz), CancellationToken.None);

        Assert.Equal(quiz.MaxScore, result.Score);
        Assert.Equal(8, quiz.Questions.Count);
    }

    /// <summary>The hidden checks' type <paramref name="name"/>, from the judge assembly the grader compiles.</summary>
    private Type JudgeType(ExerciseDefinition exercise, string name)
    {
        var compiled = fixture.Compiler.Compile(RealLabs.Solution(exercise), exercise.HarnessFilePaths, exercise.ChecksFilePath!);
        Assert.NotNull(compiled.Checks?.Image);
        return Assembly.Load(compiled.Checks!.Image!).GetType(name, throwOnError: true)!;
    }

    private async Task<GradeResult> GradeAsync(ExerciseDefinition exercise, IReadOnlyDictionary<string, string> files)
    {
        var result = await fixture.Grader.GradeAsync(TestExercises.Submit(Lab, exercise, files), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));

    /// <summary>ggml's own Q8_0 row functions from the natives' <c>libggml-base.so</c>: <c>ggml_get_type_traits</c>
    /// (ggml.h, <c>struct ggml_type_traits</c>: type_name, blck_size, blck_size_interleave, type_size, is_quantized,
    /// to_float, from_float_ref) for <c>GGML_TYPE_Q8_0</c> (8).</summary>
    private sealed class GgmlQ8 : IDisposable
    {
        /// <summary>sizeof(block_q8_0): an fp16 d and 32 int8.</summary>
        public const int BlockBytes = 34;

        private const int TypeQ8_0 = 8;
        private readonly IntPtr _library;
        private readonly FromFloat _fromFloat;
        private readonly ToFloat _toFloat;

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate IntPtr GetTypeTraits(int type);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void FromFloat(float[] x, [Out] byte[] y, long k);

        [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
        private delegate void ToFloat(byte[] x, [Out] float[] y, long k);

        public GgmlQ8()
        {
            _library = NativeLibrary.Load(Path.Combine(TestModels.NativeLibraryDirectory, "libggml-base.so"));
            var traits = Marshal.GetDelegateForFunctionPointer<GetTypeTraits>(NativeLibrary.GetExport(_library, "ggml_get_type_traits"))(TypeQ8_0);
            Assert.Equal("q8_0", Marshal.PtrToStringUTF8(Marshal.ReadIntPtr(traits, 0)));
            Assert.Equal(32L, Marshal.ReadInt64(traits, 8));
            Assert.Equal((long)BlockBytes, Marshal.ReadInt64(traits, 24));
            _toFloat = Marshal.GetDelegateForFunctionPointer<ToFloat>(Marshal.ReadIntPtr(traits, 40));
            _fromFloat = Marshal.GetDelegateForFunctionPointer<FromFloat>(Marshal.ReadIntPtr(traits, 48));
        }

        /// <summary>The blocks ggml writes for <paramref name="x"/> (a multiple of 32 weights), 34 bytes each.</summary>
        public byte[] Quantize(float[] x)
        {
            var y = new byte[x.Length / 32 * BlockBytes];
            if (x.Length > 0) _fromFloat(x, y, x.Length);
            return y;
        }

        /// <summary>ggml's dequantization of whole blocks.</summary>
        public float[] Dequantize(byte[] blocks)
        {
            var y = new float[blocks.Length / BlockBytes * 32];
            _toFloat(blocks, y, y.Length);
            return y;
        }

        public void Dispose() => NativeLibrary.Free(_library);
    }
}
