using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Templates.Builtin;
using Workbench.Engine.Training;
using Workbench.Engine.Training.Tokenization;
using Xunit;

namespace Workbench.Engine.Tests.Training;

/// <summary>A model the trainer wrote is a GGUF llama.cpp serves: it loads, its logits equal the trainer's own
/// forward pass (so what was trained is what is served), and it reads back for fine-tuning.</summary>
public sealed class TinyLlamaGgufTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-tinyllama-").FullName;

    public TinyLlamaGgufTests() => TestModels.InitializeBackend();

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    internal static BpeVocabulary SmallVocabulary(int size)
    {
        var random = new Random(3);
        string[] words = ["weather", "in", "Paris", "Oslo", "what", "is", "the", "time", "calculate", "please", "tool", "call", "12", "7", "°C"];
        var texts = Enumerable.Range(0, 400).Select(_ =>
        {
            var text = new StringBuilder("<|im_start|>user\n");
            for (int w = 0; w < 8; w++) text.Append(words[random.Next(words.Length)]).Append(' ');
            return text.Append("<|im_end|>\n").ToString();
        }).ToList();
        var vocabulary = BpeTokenizerTrainer.Train(texts, new BpeTrainingOptions
        {
            VocabSize = size,
            SpecialTokens = [("<|endoftext|>", GgufTokenType.Control), ("<|im_start|>", GgufTokenType.Control), ("<|im_end|>", GgufTokenType.Control)],
        });
        vocabulary.Bos = vocabulary.SpecialId("<|endoftext|>");
        vocabulary.Eos = vocabulary.SpecialId("<|im_end|>");
        return VocabularyPadding.PadToMultiple(vocabulary);
    }

    [Fact]
    public void A_written_model_loads_in_llama_cpp_with_the_same_logits_as_the_trainer_and_reads_back()
    {
        var vocabulary = SmallVocabulary(320);
        Assert.Equal(0, vocabulary.Count % 8);
        var shape = new TinyLlamaShape(vocabulary.Count, ContextLength: 64, EmbeddingLength: 32, BlockCount: 2, HeadCount: 2, FeedForwardLength: 48);
        var layout = new TinyLlamaParameters(shape);
        var weights = layout.Initialize(seed: 11);
        var random = new Random(12);
        for (int i = 0; i < weights.Length; i++) weights[i] += (float)(random.NextDouble() - 0.5) * 0.2f; // logits far from uniform
        string path = Path.Combine(_folder, "tiny.gguf");
        TinyLlamaGguf.Write(path, shape, weights, vocabulary, HermesChatMlTemplate.Source, "tiny-test",
            new Dictionary<string, string> { ["seed"] = "11", ["corpus_sha256"] = "abc" });

        int[] tokens = [1, 40, 77, 5, 200, vocabulary.Count - 1, 63, 8, 150, 2, 99];
        var ours = new TinyLlamaNetwork(layout, weights, threads: 1);
        using var model = LlamaModel.Load(path, 0, vocabOnly: false, null, CancellationToken.None);
        Assert.Equal(shape.VocabSize, model.VocabSize);
        var parameters = SafeLlamaContextHandle.DefaultParams();
        parameters.n_ctx = 64; parameters.n_batch = 64; parameters.n_ubatch = 64; parameters.n_seq_max = 1;
        parameters.n_threads = 1; parameters.n_threads_batch = 1;
        using var context = SafeLlamaContextHandle.Create(model.Handle, parameters);
        Assert.False(context.IsInvalid);
        using var batch = new LlamaBatchBuffer(64);
        for (int p = 0; p < tokens.Length; p++) batch.Add(tokens[p], p, sequenceId: 0, logits: true);
        Assert.Equal(0, context.Decode(batch));
        for (int p = 0; p < tokens.Length; p++)
        {
            float[] expected = context.LogitsRow(p, shape.VocabSize).ToArray();
            float[] actual = ours.NextTokenLogits(tokens[..(p + 1)]);
            float spread = expected.Max() - expected.Min();
            Assert.True(spread > 0.5f, $"position {p}: logits nearly flat ({spread})");
            for (int v = 0; v < expected.Length; v++)
                Assert.True(Math.Abs(expected[v] - actual[v]) < 2e-3f + 2e-3f * Math.Abs(expected[v]),
                    $"position {p}, token {v}: llama.cpp {expected[v]}, trainer {actual[v]}");
        }

        var (readShape, readWeights) = TinyLlamaGguf.Read(path);
        Assert.Equal(shape, readShape);
        Assert.Equal(weights, readWeights);
        var record = TinyLlamaGguf.ReadTrainingRecord(path);
        Assert.Equal("11", record["seed"]);
        Assert.Equal("abc", record["corpus_sha256"]);
        Assert.Equal(HermesChatMlTemplate.Source, model.OwnChatTemplate());
    }

    [Fact]
    public void Reading_a_model_of_another_layout_says_what_is_wrong()
    {
        var error = Assert.Throws<FormatException>(() => TinyLlamaGguf.Read(TestModels.TinyStories));
        Assert.Contains("TinyStories", error.Message + " ");
        Assert.Matches("output.weight|key/value heads", error.Message);
    }
}
