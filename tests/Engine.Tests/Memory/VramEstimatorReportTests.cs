using Workbench.Engine.Inference;
using Workbench.Engine.Memory;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Memory;

/// <summary>The estimator against llama.cpp's own memory report, on the two real models loaded by the real engine.</summary>
public sealed class VramEstimatorReportTests
{
    /// <summary>Half the log's resolution: llama.cpp prints MiB with two decimals.</summary>
    private const double PrintResolutionMiB = 0.005;

    [Theory]
    [InlineData(TestModels.Stories260KFile, 512, 1)]
    [InlineData(TestModels.Stories260KFile, 300, 1)]   // padded to 512 cells
    [InlineData(TestModels.Stories260KFile, 2048, 1)]
    [InlineData(TestModels.Stories260KFile, 512, 4)]   // one stream per sequence
    [InlineData(TestModels.TinyStoriesFile, 512, 1)]
    [InlineData(TestModels.TinyStoriesFile, 1024, 2)]
    public async Task KvCache_F16_EqualsLlamaCppReport(string file, int contextSize, int sequences)
    {
        var (info, report) = await LoadAsync(file, contextSize, sequences);
        var estimate = VramEstimator.Estimate(ShapeOf(info), new VramOptions { ContextSize = contextSize, Sequences = sequences, WeightBytes = 0 });

        Assert.Equal(VramEstimator.PadCells(contextSize), report.KvCells);
        Assert.Equal(sequences, report.KvStreams);
        Assert.Equal(info.LayerCount, report.KvLayers);
        Assert.Equal(("f16", "f16"), (report.KvTypeK, report.KvTypeV));
        Assert.Equal((long)report.KvCells * report.KvStreams, estimate.KvCells);
        Assert.InRange(ToMiB(estimate.KvCacheBytes), report.KvCacheMiB - PrintResolutionMiB, report.KvCacheMiB + PrintResolutionMiB);
        Assert.InRange(ToMiB(estimate.OutputBytes), report.OutputMiB - PrintResolutionMiB, report.OutputMiB + PrintResolutionMiB);
    }

    [Theory]
    [InlineData(TestModels.Stories260KFile, "F32")]
    [InlineData(TestModels.TinyStoriesFile, "Q8_0 (tensor)")]
    public async Task Weights_ParametersTimesBits_WithinTwoPercentOfModelBuffer(string file, string type)
    {
        // Parameters × bits assumes every tensor at one type; TinyStories keeps its norms at F32 (a few hundred
        // values), and the mapped buffer also holds 32-byte alignment padding per tensor: 2 % covers both.
        var (info, report) = await LoadAsync(file, 512, 1);
        var estimate = VramEstimator.Estimate(ShapeOf(info), new VramOptions { ContextSize = 512, WeightType = WeightType.Find(type)! });

        Assert.InRange(ToMiB(estimate.WeightsBytes), report.ModelMiB * 0.98, report.ModelMiB * 1.02);
    }

    [Theory]
    [InlineData(TestModels.Stories260KFile, 512, 512)]
    [InlineData(TestModels.Stories260KFile, 2048, 512)]
    [InlineData(TestModels.Stories260KFile, 512, 128)]
    [InlineData(TestModels.TinyStoriesFile, 512, 512)]
    [InlineData(TestModels.TinyStoriesFile, 2048, 512)]
    public async Task Compute_RuleOfLogitsAndMask_WithinThirtyPercentOfReport(string file, int contextSize, int batchSize)
    {
        var (info, report) = await LoadAsync(file, contextSize, 1, batchSize);
        var estimate = VramEstimator.Estimate(ShapeOf(info), new VramOptions { ContextSize = contextSize, BatchSize = batchSize });

        Assert.InRange(ToMiB(estimate.ComputeBytes), report.ComputeMiB * 0.7, report.ComputeMiB * 1.3);
    }

    [Fact]
    public async Task Report_ListsEveryBufferKindWithItsLogLine()
    {
        var (info, report) = await LoadAsync(TestModels.Stories260KFile, 512, 1);

        Assert.Equal("CPU_Mapped", Assert.Single(report.Buffers, b => b.Kind == LlamaMemoryBufferKind.Model).Buffer);
        foreach (var kind in new[] { LlamaMemoryBufferKind.KvCache, LlamaMemoryBufferKind.Output, LlamaMemoryBufferKind.Compute })
            Assert.Contains(report.Buffers, b => b.Kind == kind);
        Assert.All(report.Buffers, b => Assert.Contains("buffer size", b.Line));
        Assert.Equal(report.ModelMiB + report.KvCacheMiB + report.OutputMiB + report.ComputeMiB, report.TotalMiB, 6);
        Assert.Equal("f16", info.KvCacheType);
    }

    [Fact]
    public async Task Report_TravelsOnModelInfoOverTheWorkerWire()
    {
        var (info, report) = await LoadAsync(TestModels.Stories260KFile, 512, 1);
        string json = System.Text.Json.JsonSerializer.Serialize(info, Workbench.Engine.Serving.Wire.OpenAiJsonContext.Wire.ModelInfo);
        var back = System.Text.Json.JsonSerializer.Deserialize(json, Workbench.Engine.Serving.Wire.OpenAiJsonContext.Wire.ModelInfo)!;

        Assert.Equal(report.Buffers, back.MemoryReport!.Buffers);
        Assert.Equal((report.KvCells, report.KvStreams, report.KvLayers, report.KvTypeK), (back.MemoryReport.KvCells, back.MemoryReport.KvStreams, back.MemoryReport.KvLayers, back.MemoryReport.KvTypeK));
        Assert.Contains("\"mib\":", json);
    }

    [Theory]
    [InlineData("q8_0")]
    [InlineData("q4_0")]
    public async Task QuantizedCache_HeadSizeNotAMultipleOf32_EstimatorSaysSoAndLlamaCppRefuses(string cacheType)
    {
        // Both test models have heads of 8 (stories260K) and 16 (TinyStories) values, smaller than one Q8_0/Q4_0
        // block of 32: llama.cpp refuses the cache, so a quantized KV buffer cannot be compared on them.
        var (info, _) = await LoadAsync(TestModels.TinyStoriesFile, 512, 1);
        var estimate = VramEstimator.Estimate(ShapeOf(info), new VramOptions { ContextSize = 512, CacheType = KvCacheTypes.Parse(cacheType) });
        Assert.Contains(estimate.Notes, n => n.Contains("refuses", StringComparison.Ordinal));

        await using var engine = new LlamaEngine(TestModels.Options(o => { o.ContextSize = 512; o.ParallelSequences = 1; o.KvCacheType = cacheType; }));
        var error = await Assert.ThrowsAsync<ModelLoadException>(() => engine.LoadModelAsync(TestModels.TinyStories, null, CancellationToken.None));
        Assert.Contains("does not divide", error.Message);
    }

    [Fact]
    public void KvCache_QuantizedTypes_ScaleByTheirBlockSizes()
    {
        var shape = new ModelShape { Architecture = "llama", Layers = 32, EmbeddingLength = 4096, HeadCount = 32, HeadCountKv = 8, HeadDimK = 128, HeadDimV = 128, VocabSize = 128256 };
        long f16 = VramEstimator.KvBytesPerToken(shape, KvCacheType.F16);
        Assert.Equal(32L * 8 * (128 + 128) * 2, f16);
        Assert.Equal(f16 * 34 / 64, VramEstimator.KvBytesPerToken(shape, KvCacheType.Q8_0));
        Assert.Equal(f16 * 18 / 64, VramEstimator.KvBytesPerToken(shape, KvCacheType.Q4_0));
    }

    internal static ModelShape ShapeOf(ModelInfo info) => ModelShape.FromMetadata(info.Metadata, info.ParameterCount, info.VocabSize);

    private static double ToMiB(long bytes) => bytes / LlamaMemoryBuffer.BytesPerMiB;

    private static async Task<(ModelInfo Info, LlamaMemoryReport Report)> LoadAsync(string file, int contextSize, int sequences, int batchSize = 512)
    {
        await using var engine = new LlamaEngine(TestModels.Options(o => { o.ContextSize = contextSize; o.ParallelSequences = sequences; o.BatchSize = batchSize; }));
        var info = await engine.LoadModelAsync(TestModels.Path(file), null, CancellationToken.None);
        return (info, info.MemoryReport ?? throw new InvalidOperationException("No memory report was captured."));
    }
}
