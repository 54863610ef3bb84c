using Workbench.Engine.Gguf;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Tests.Training.Tokenization;
using Workbench.Engine.Training;
using Workbench.Engine.Training.Tokenization;
using Xunit;

namespace Workbench.Engine.Tests.Training;

public class TinyLlamaGgufLayoutTests
{
    public TinyLlamaGgufLayoutTests() => TestModels.InitializeBackend();

    /// <summary>A random-weight model whose blocks add nothing to the residual stream (attn_output and ffn_down are
    /// zero): the final hidden state is the last token's embedding, and with unit-length embedding rows the tied
    /// output's largest logit is that token itself. So greedy decoding repeats the last prompt token — which holds
    /// only if llama.cpp reads every tensor with the shape and row order the layout says.</summary>
    private static (TinyLlamaShape Shape, BpeVocabulary Vocabulary) WriteModel(string path, bool f16, int seed = 11)
    {
        var vocabulary = TokenizerCorpus.TrainChatVocabulary(vocabSize: 400, conversations: 100);
        var shape = new TinyLlamaShape(vocabulary.Count, ContextLength: 128, EmbeddingLength: 32, BlockCount: 1, HeadCount: 4, FeedForwardLength: 64);
        var random = new Random(seed);
        var writer = new GgufWriter();
        TinyLlamaGgufLayout.WriteModelMetadata(writer, shape, "random-test", fileType: f16 ? 1u : 0u);
        vocabulary.WriteTo(writer, chatTemplate: "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}");
        foreach (var (name, ne) in TinyLlamaGgufLayout.Tensors(shape))
        {
            long n = ne.Aggregate(1L, (a, b) => a * b);
            float[] data;
            if (ne.Length == 1)
                data = Enumerable.Repeat(1f, (int)n).ToArray();
            else if (name.EndsWith("attn_output.weight") || name.EndsWith("ffn_down.weight"))
                data = new float[n];
            else
                data = Enumerable.Range(0, (int)n).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            if (name == TinyLlamaGgufLayout.TensorNames.TokenEmbedding)
                NormalizeRows(data, (int)ne[0]);
            if (f16 && ne.Length > 1) writer.AddTensorF16(name, ne, data);
            else writer.AddTensor(name, ne, data);
        }
        writer.Write(path);
        return (shape, vocabulary);
    }

    private static void NormalizeRows(float[] data, int width)
    {
        for (int row = 0; row < data.Length / width; row++)
        {
            var span = data.AsSpan(row * width, width);
            float norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(span));
            for (int i = 0; i < width; i++) span[i] /= norm;
        }
    }

    [Fact]
    public void Tensors_FollowLlamaCppNamesAndShapes()
    {
        var shape = new TinyLlamaShape(300, 64, 32, 2, 4, 64);
        var tensors = TinyLlamaGgufLayout.Tensors(shape);

        Assert.Equal(1 + 2 * 9 + 1, tensors.Count);
        Assert.Equal("token_embd.weight", tensors[0].Name);
        Assert.Equal(new long[] { 32, 300 }, tensors[0].Ne);
        Assert.Equal(new long[] { 64, 32 }, tensors.Single(t => t.Name == "blk.1.ffn_down.weight").Ne);
        Assert.Equal(new long[] { 32, 64 }, tensors.Single(t => t.Name == "blk.0.ffn_up.weight").Ne);
        Assert.Equal("output_norm.weight", tensors[^1].Name);
        Assert.DoesNotContain(tensors, t => t.Name == "output.weight");
        Assert.Equal(shape.ParameterCount, tensors.Sum(t => t.Ne.Aggregate(1L, (a, b) => a * b)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task WrittenModel_LoadsInLlamaCpp_TokenizesAndDecodes(bool f16)
    {
        using var temp = new TempDirectory();
        string path = temp.File("tiny.gguf");
        var (shape, vocabulary) = WriteModel(path, f16);

        using (var model = LlamaModel.Load(path, 0, vocabOnly: false, null, CancellationToken.None))
        {
            Assert.Equal(vocabulary.Count, model.VocabSize);
            Assert.Equal(shape.ContextLength, model.ContextLengthTrain);
            Assert.Equal(vocabulary.SpecialId("<|im_end|>"), model.EosToken);
            Assert.True(model.IsEndOfGeneration(vocabulary.SpecialId("<|im_end|>")));
        }

        await using var engine = new LlamaEngine(TestModels.Options(o => { o.ParallelSequences = 1; o.ContextSize = 128; }));
        await engine.LoadModelAsync(path, null, CancellationToken.None);
        var prompt = await engine.TokenizeAsync("The weather in Oslo", addSpecial: true, parseSpecial: true, CancellationToken.None);
        var ids = new List<int>();
        await foreach (var update in engine.GenerateAsync(new GenerationRequest
        {
            Prompt = "The weather in Oslo",
            MaxTokens = 4,
            Sampling = new SamplingOptions { Temperature = 0, IgnoreEos = true },
        }, CancellationToken.None))
        {
            if (update.Token is { } token) ids.Add(token.Id);
        }

        Assert.Equal(Enumerable.Repeat(prompt[^1], 4), ids);
    }

    [Fact]
    public void WriteModelMetadata_WritesTheLlamaKeys_ArchitectureFirst()
    {
        using var temp = new TempDirectory();
        var writer = new GgufWriter();
        var shape = new TinyLlamaShape(300, 256, 64, 3, 8, 192, RopeFreqBase: 5000f, RmsNormEpsilon: 1e-6f);
        TinyLlamaGgufLayout.WriteModelMetadata(writer, shape, "tiny");
        writer.Write(temp.File("meta.gguf"));
        var file = GgufFile.Open(temp.File("meta.gguf"));

        Assert.Equal("general.architecture", file.Metadata.Keys.First());
        Assert.Equal(256u, file.GetModelUInt("context_length"));
        Assert.Equal(64u, file.GetModelUInt("embedding_length"));
        Assert.Equal(3u, file.GetModelUInt("block_count"));
        Assert.Equal(192u, file.GetModelUInt("feed_forward_length"));
        Assert.Equal(8u, file.GetModelUInt("attention.head_count"));
        Assert.Equal(8u, file.GetModelUInt("attention.head_count_kv"));
        Assert.Equal(8u, file.GetModelUInt("rope.dimension_count"));
        Assert.Equal(5000f, file.Metadata["llama.rope.freq_base"].Value);
        Assert.Equal(1e-6f, file.Metadata["llama.attention.layer_norm_rms_epsilon"].Value);
        Assert.Equal(300u, file.GetModelUInt("vocab_size"));
        Assert.Equal(0u, file.GetUInt32("general.file_type"));
    }

    [Fact]
    public void WriteModelMetadata_InvalidShape_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => TinyLlamaGgufLayout.WriteModelMetadata(new GgufWriter(), new TinyLlamaShape(300, 64, 30, 1, 4, 64), "bad"));
    }
}
