using Xunit;
using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

[Collection(ModelCollection.Name)]
public class LlamaModelTokenizerTests(ModelFixture models)
{
    [Fact]
    public void Tokenize_AddSpecial_PrependsBos()
    {
        int[] plain = models.TinyStories.Tokenize("Once upon a time", addSpecial: false, parseSpecial: false);
        int[] special = models.TinyStories.Tokenize("Once upon a time", addSpecial: true, parseSpecial: false);
        Assert.Equal(models.TinyStories.BosToken, special[0]);
        Assert.Equal(plain, special[1..]);
        Assert.All(plain, id => Assert.InRange(id, 0, models.TinyStories.VocabSize - 1));
    }

    [Fact]
    public void Tokenize_ParseSpecial_RecognisesControlTokenText()
    {
        int[] parsed = models.TinyStories.Tokenize("<|start_story|>Once", addSpecial: false, parseSpecial: true);
        Assert.Equal(models.TinyStories.BosToken, parsed[0]);
    }

    [Theory]
    [InlineData("Once upon a time, there was a little girl.")]
    [InlineData("Tom and Sue played in the park. They were happy!")]
    [InlineData("")]
    public void Detokenize_RoundTripsEncodableText(string text)
    {
        // llama_detokenize drops SPM's added leading space unless it removes a BOS (llama-vocab.cpp), so the round
        // trip is exact without special tokens, and keeps the space after a removed BOS.
        int[] ids = models.TinyStories.Tokenize(text, addSpecial: false, parseSpecial: false);
        Assert.Equal(text, models.TinyStories.Detokenize(ids, removeSpecial: false, unparseSpecial: false));
        int[] withBos = models.TinyStories.Tokenize(text, addSpecial: true, parseSpecial: false);
        Assert.Equal(text, models.TinyStories.Detokenize(withBos, removeSpecial: true, unparseSpecial: false).TrimStart(' ')[..text.Length]);
    }

    [Fact]
    public void Detokenize_UnparseSpecial_RendersBos()
    {
        int[] ids = models.TinyStories.Tokenize("Hi", addSpecial: true, parseSpecial: false);
        Assert.StartsWith("<|start_story|>", models.TinyStories.Detokenize(ids, removeSpecial: false, unparseSpecial: true));
        Assert.DoesNotContain("<|start_story|>", models.TinyStories.Detokenize(ids, removeSpecial: false, unparseSpecial: false));
    }

    [Fact]
    public void Detokenize_LongInput_GrowsTheBuffer()
    {
        string text = string.Concat(Enumerable.Repeat("The big dog ran to the tree and sat down. ", 200)).TrimEnd();
        int[] ids = models.Stories260K.Tokenize(text, false, false);
        Assert.Equal(text, models.Stories260K.Detokenize(ids, false, false));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2048)]
    [InlineData(int.MaxValue)]
    public void OutOfRangeIds_ThrowTokenizationException(int id)
    {
        TokenizationException e = Assert.Throws<TokenizationException>(() => models.TinyStories.Detokenize([5, id], false, false));
        Assert.Contains(id.ToString(), e.Message);
        Assert.Throws<TokenizationException>(() => models.TinyStories.TokenBytes(id));
        Assert.Throws<TokenizationException>(() => models.TinyStories.TokenPiece(id));
    }

    [Fact]
    public void TokenPieces_ConcatenateToTheDetokenizedText()
    {
        string text = "The cat sat on the mat.";
        int[] ids = models.Stories260K.Tokenize(text, false, false);
        byte[] joined = ids.SelectMany(id => models.Stories260K.TokenBytes(id)).ToArray();
        // SPM pieces carry the leading space that detokenize strips.
        Assert.Equal(" " + text, Encoding.UTF8.GetString(joined));
        Assert.Equal(" " + text, string.Concat(ids.Select(models.Stories260K.TokenPiece)));
    }

    [Fact]
    public void TokenBytes_ControlTokens_EmptyUnlessSpecial()
    {
        int bos = models.TinyStories.BosToken;
        Assert.Empty(models.TinyStories.TokenBytes(bos, special: false));
        Assert.Equal("<|start_story|>"u8.ToArray(), models.TinyStories.TokenBytes(bos, special: true));
        Assert.True(models.TinyStories.IsControl(bos));
    }

    [Fact]
    public void TokenBytes_EveryToken_DoesNotThrow()
    {
        foreach (LlamaModel model in new[] { models.TinyStories, models.Stories260K, models.Phi3 })
        {
            for (int id = 0; id < model.VocabSize; id++)
            {
                byte[] bytes = model.TokenBytes(id);
                Assert.Equal(Encoding.UTF8.GetString(bytes), model.TokenPiece(id));
            }
        }
    }

    [Fact]
    public void Tokenize_FromManyThreads_GivesTheSameIds()
    {
        string text = "Lily wanted to play with her ball in the garden.";
        int[] expected = models.TinyStories.Tokenize(text, true, false);
        Parallel.For(0, 32, _ => Assert.Equal(expected, models.TinyStories.Tokenize(text, true, false)));
    }
}
