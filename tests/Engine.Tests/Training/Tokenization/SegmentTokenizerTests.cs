using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Engine.Training;
using Workbench.Engine.Training.Tokenization;
using Xunit;

namespace Workbench.Engine.Tests.Training.Tokenization;

/// <summary>A chat vocabulary trained once, saved as a vocab-only GGUF and opened by llama.cpp.</summary>
public sealed class ChatVocabularyFixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public ChatVocabularyFixture()
    {
        TestModels.InitializeBackend();
        Vocabulary = TokenizerCorpus.TrainChatVocabulary(vocabSize: 512, conversations: 400);
        Path = _temp.File("chat-vocab.gguf");
        Vocabulary.SaveVocabOnly(Path);
        Tokenizer = SegmentTokenizer.Open(Path);
    }

    public BpeVocabulary Vocabulary { get; }

    public string Path { get; }

    public SegmentTokenizer Tokenizer { get; }

    public void Dispose()
    {
        Tokenizer.Dispose();
        _temp.Dispose();
    }
}

public class SegmentTokenizerTests(ChatVocabularyFixture fixture) : IClassFixture<ChatVocabularyFixture>
{
    private SegmentTokenizer Tokenizer => fixture.Tokenizer;

    [Theory]
    [InlineData("What is the weather in Reykjavik on 2031-04-17?")]
    [InlineData("numbers 0123456789 and 3.14159, -42")]
    [InlineData("line one\nline two\r\n\n\n  indented\ttab  ")]
    [InlineData("Crème brûlée à Zürich, señor — naïve façade")]
    [InlineData("東京の天気は晴れです。北京今天很热。")]
    [InlineData("emoji 🌦️ 👩‍👩‍👧 🚀 and a flag 🇵🇹")]
    [InlineData("   leading and trailing spaces   ")]
    [InlineData("{\"name\": \"calculate\", \"arguments\": {\"expression\": \"(3 + 4) * 12\"}}")]
    [InlineData("it's they're we've I'm you'll he'd IT'S")]
    public void EncodeDecode_HeldOutText_RoundTripsExactly(string text)
    {
        int[] tokens = Tokenizer.Encode(text);

        Assert.NotEmpty(tokens);
        Assert.All(tokens, t => Assert.InRange(t, 0, Tokenizer.VocabSize - 1));
        Assert.Equal(text, Tokenizer.Decode(tokens));
    }

    [Fact]
    public void Encode_Digits_OnePerToken()
    {
        int[] tokens = Tokenizer.Encode("1234567890");

        Assert.Equal(10, tokens.Length);
        Assert.Equal(Enumerable.Range(0, 10).Select(i => "1234567890"[i].ToString()), tokens.Select(t => Tokenizer.Decode([t])));
    }

    [Fact]
    public void Encode_ImStartUser_GivesTheSpecialIdThenTextTokens()
    {
        int[] tokens = Tokenizer.Encode("<|im_start|>user\nWhat is the weather in Paris?<|im_end|>");

        Assert.Equal(fixture.Vocabulary.SpecialId("<|im_start|>"), tokens[0]);
        Assert.Equal("user", Tokenizer.TokenText(tokens[1])); // frequent in the corpus: one token
        Assert.Equal(fixture.Vocabulary.SpecialId("<|im_end|>"), tokens[^1]);
        Assert.DoesNotContain(tokens[1..^1], t => fixture.Vocabulary.SpecialTokenIds.Values.Contains(t));
    }

    [Theory]
    [InlineData(" weather", "Ġweather")]
    [InlineData(" celsius", "Ġcelsius")]
    [InlineData("assistant", "assistant")]
    public void Encode_FrequentWord_IsOneToken(string word, string tokenText)
    {
        int[] tokens = Tokenizer.Encode(word);

        Assert.Equal(tokenText, Assert.Single(tokens) is var id ? Tokenizer.TokenText(id) : null);
        Assert.Equal(fixture.Vocabulary.Tokens.ToList().IndexOf(tokenText), tokens[0]);
    }

    [Fact]
    public void Encode_AgreesWithTheTrainedVocabularyIds()
    {
        // llama.cpp's ids are the vocabulary's positions: each token's text round-trips through llama_vocab_get_text.
        for (int id = 0; id < fixture.Vocabulary.Count; id += 7)
            Assert.Equal(fixture.Vocabulary.Tokens[id], Tokenizer.TokenText(id));
        Assert.Equal(fixture.Vocabulary.Count, Tokenizer.VocabSize);
        Assert.Equal(fixture.Vocabulary.SpecialId("<|im_end|>"), Tokenizer.EosToken);
    }

    [Fact]
    public void ToolCallTokens_AreUserDefined_RecognisedAndPrinted()
    {
        int call = fixture.Vocabulary.SpecialId("<tool_call>");
        int end = fixture.Vocabulary.SpecialId("</tool_call>");

        int[] tokens = Tokenizer.Encode("<tool_call>\n{}\n</tool_call>");

        Assert.Equal(call, tokens[0]);
        Assert.Equal(end, tokens[^1]);
        Assert.Equal("<tool_call>\n{}\n</tool_call>", Tokenizer.Decode(tokens));
    }

    [Fact]
    public void EncodeSegments_TargetsFollowTheTrainFlag_AndSegmentsDoNotMerge()
    {
        ChatSegment[] segments =
        [
            new("<|im_start|>user\nWeather in Oslo?<|im_end|>\n<|im_start|>assistant\n", false),
            new("The weather in Oslo is 4 degrees celsius.<|im_end|>", true),
            new("\n", false),
            new("", true),
        ];

        TrainingSequence sequence = Tokenizer.Encode(segments);

        int[] first = Tokenizer.Encode(segments[0].Text), second = Tokenizer.Encode(segments[1].Text), third = Tokenizer.Encode("\n");
        Assert.Equal([.. first, .. second, .. third], sequence.Tokens);
        Assert.Equal(sequence.Tokens.Length, sequence.Targets.Length);
        Assert.Equal(
            [.. Enumerable.Repeat(false, first.Length), .. Enumerable.Repeat(true, second.Length), .. Enumerable.Repeat(false, third.Length)],
            sequence.Targets);
        Assert.Equal(fixture.Vocabulary.SpecialId("<|im_end|>"), sequence.Tokens[first.Length + second.Length - 1]);
        Assert.Equal(string.Concat(segments.Select(s => s.Text)), Tokenizer.Decode(sequence.Tokens));
    }

    [Fact]
    public void EncodeSegments_NullSegment_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => Tokenizer.Encode(new ChatSegment[] { new("a", true), null! }));
    }

    [Fact]
    public void Decode_IdOutsideTheVocabulary_ThrowsTokenizationException()
    {
        Assert.Throws<TokenizationException>(() => Tokenizer.Decode([Tokenizer.VocabSize]));
        Assert.Throws<TokenizationException>(() => Tokenizer.Decode([-1]));
    }

    [Fact]
    public void Open_NotAGguf_ThrowsModelLoadException()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("vocab.gguf"), "not a gguf");
        Assert.Throws<ModelLoadException>(() => SegmentTokenizer.Open(temp.File("vocab.gguf")));
    }
}
