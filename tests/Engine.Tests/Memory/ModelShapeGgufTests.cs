using Workbench.Engine.Gguf;
using Workbench.Engine.Inference;
using Workbench.Engine.Memory;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Memory;

/// <summary>The header-only shape (the Engine's GGUF reader) against what llama.cpp reads when it loads the model.</summary>
public sealed class ModelShapeGgufTests
{
    [Theory]
    [InlineData(TestModels.Stories260KFile)]
    [InlineData(TestModels.TinyStoriesFile)]
    public async Task FromGguf_EqualsTheLoadedModelsShape(string file)
    {
        var header = ModelShape.FromGguf(TestModels.Path(file));
        var info = await LoadAsync(file, 512);
        var loaded = VramEstimatorReportTests.ShapeOf(info);

        Assert.Equal(info.ParameterCount, header.Parameters);            // llama_model_n_params
        Assert.Equal((info.LayerCount, info.EmbeddingLength, info.HeadCount, info.HeadCountKv, info.VocabSize, info.ContextLengthTrain),
            (header.Layers, header.EmbeddingLength, header.HeadCount, header.HeadCountKv, header.VocabSize, header.ContextLengthTrain));
        Assert.Equal(loaded with { TiedEmbeddings = header.TiedEmbeddings }, header);
    }

    [Theory]
    [InlineData(TestModels.Stories260KFile)]
    [InlineData(TestModels.TinyStoriesFile)]
    public async Task TensorBytes_MatchTheModelBuffer_WithinAlignmentPadding(string file)
    {
        // The mapped model buffer spans the data section: every tensor plus up to alignment − 1 bytes of padding
        // after each, printed to ±0.005 MiB.
        var gguf = GgufFile.Open(TestModels.Path(file));
        var info = await LoadAsync(file, 512);
        double estimateMiB = ModelShape.TensorBytes(gguf) / LlamaMemoryBuffer.BytesPerMiB;
        double slackMiB = (gguf.Tensors.Count * (gguf.Alignment - 1)) / LlamaMemoryBuffer.BytesPerMiB + 0.005;

        Assert.InRange(info.MemoryReport!.ModelMiB, estimateMiB - 0.005, estimateMiB + slackMiB);
    }

    [Fact]
    public void FromGguf_NotAGguf_IsAFormatError()
    {
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, "not.gguf");
        File.WriteAllText(path, "hello, not a model");
        Assert.Throws<GgufFormatException>(() => ModelShape.FromGguf(path));
    }

    private static async Task<ModelInfo> LoadAsync(string file, int contextSize)
    {
        await using var engine = new LlamaEngine(TestModels.Options(o => { o.ContextSize = contextSize; o.ParallelSequences = 1; }));
        return await engine.LoadModelAsync(TestModels.Path(file), null, CancellationToken.None);
    }
}
