using Workbench.Engine.Gguf;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Training.Tokenization;
using Xunit;

namespace Workbench.Engine.Tests.Training.Tokenization;

public class BpeVocabularyTests
{
    [Fact]
    public void SaveAndLoad_RoundTripsEverything()
    {
        using var temp = new TempDirectory();
        var vocabulary = TokenizerCorpus.TrainChatVocabulary(conversations: 50);

        vocabulary.Save(temp.File("vocab.json"));
        var loaded = BpeVocabulary.Load(temp.File("vocab.json"));

        Assert.Equal(vocabulary.Tokens, loaded.Tokens);
        Assert.Equal(vocabulary.TokenTypes, loaded.TokenTypes);
        Assert.Equal(vocabulary.Merges, loaded.Merges);
        Assert.Equal(vocabulary.Pre, loaded.Pre);
        Assert.Equal((vocabulary.Bos, vocabulary.Eos, vocabulary.Pad), (loaded.Bos, loaded.Eos, loaded.Pad));
        Assert.Equal(vocabulary.SpecialTokenIds, loaded.SpecialTokenIds);
        Assert.False(File.Exists(temp.File("vocab.json.partial")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("{\"pre\":\"qwen2\"}")]
    [InlineData("{\"pre\":\"qwen2\",\"tokens\":[\"a\"],\"token_types\":[1],\"merges\":[]}")]
    public void Load_NotAVocabulary_ThrowsInvalidDataException(string json)
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("bad.json"), json);
        Assert.Throws<InvalidDataException>(() => BpeVocabulary.Load(temp.File("bad.json")));
    }

    [Fact]
    public void Constructor_MergeOfUnknownTokens_Throws()
    {
        var tokens = Enumerable.Range(0, 256).Select(b => ByteLevelAlphabet.ToChar((byte)b).ToString()).ToList();
        var types = Enumerable.Repeat(GgufTokenType.Normal, 256).ToList();
        var e = Assert.Throws<ArgumentException>(() => new BpeVocabulary(tokens, types, ["a b"], "qwen2"));
        Assert.Contains("Merge 0", e.Message);
    }

    [Fact]
    public void EosOutsideTheVocabulary_Throws()
    {
        var vocabulary = TokenizerCorpus.TrainChatVocabulary(conversations: 20);
        Assert.Throws<ArgumentOutOfRangeException>(() => vocabulary.Eos = vocabulary.Count);
    }

    [Fact]
    public void WriteTo_WithoutEos_ThrowsInvalidOperation()
    {
        var vocabulary = BpeTokenizerTrainer.Train(["abc abc"], new BpeTrainingOptions { VocabSize = 300 });
        Assert.Throws<InvalidOperationException>(() => vocabulary.WriteTo(new GgufWriter()));
    }

    [Fact]
    public void SaveVocabOnly_WritesTheGpt2TokenizerKeys()
    {
        using var temp = new TempDirectory();
        var vocabulary = TokenizerCorpus.TrainChatVocabulary(conversations: 50);

        vocabulary.SaveVocabOnly(temp.File("vocab.gguf"), chatTemplate: "{{ messages }}");
        var file = GgufFile.Open(temp.File("vocab.gguf"));

        Assert.Equal("llama", file.Architecture);
        Assert.Equal("general.architecture", file.Metadata.Keys.First());
        Assert.Empty(file.Tensors);
        Assert.Equal("gpt2", file.GetString("tokenizer.ggml.model"));
        Assert.Equal("qwen2", file.GetString("tokenizer.ggml.pre"));
        Assert.Equal(vocabulary.Tokens, (string[])file.Metadata["tokenizer.ggml.tokens"].Value);
        Assert.Equal(vocabulary.TokenTypes.Select(t => (int)t), (int[])file.Metadata["tokenizer.ggml.token_type"].Value);
        Assert.Equal(vocabulary.Merges, (string[])file.Metadata["tokenizer.ggml.merges"].Value);
        Assert.Equal((uint)vocabulary.Eos!, file.Metadata["tokenizer.ggml.eos_token_id"].Value);
        Assert.Equal(false, file.Metadata["tokenizer.ggml.add_bos_token"].Value);
        Assert.Equal("{{ messages }}", file.GetString("tokenizer.chat_template"));
        Assert.Equal((uint)vocabulary.Count, file.Metadata["llama.vocab_size"].Value);
    }
}
