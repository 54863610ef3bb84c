using Xunit;
using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

/// <summary>llama.cpp aborts the process (an uncaught std::out_of_range in <c>byte_to_token</c>) when an SPM vocabulary
/// without byte-fallback tokens meets a character it does not contain. Among the shared models only
/// TinyStories-656K-Q8_0's vocabulary is like that (no &lt;0xHH&gt; tokens; found by tokenizing "héllo 日本語 🦙" with every
/// vocabulary in a child process: only TinyStories died). <see cref="LlamaModel.Tokenize"/> must refuse such text with
/// a <see cref="TokenizationException"/>. If a character slipped through the guard, this test process would die.</summary>
[Collection(ModelCollection.Name)]
public class UnencodableTextTests(ModelFixture models)
{
    [Theory]
    [InlineData("{\"name\": \"Tom\"}", '{')]
    [InlineData("héllo", 'é')]
    [InlineData("日本語", '日')]
    [InlineData("tab\there", '\t')]
    [InlineData("a ~ b", '~')]
    public void Tokenize_TinyStoriesUnencodableCharacter_ThrowsTokenizationException(string text, char culprit)
    {
        TokenizationException e = Assert.Throws<TokenizationException>(() => models.TinyStories.Tokenize(text, true, false));
        Assert.Contains($"U+{(int)culprit:X4}", e.Message);
    }

    [Fact]
    public void Tokenize_TinyStoriesEmoji_ThrowsTokenizationException()
    {
        Assert.Throws<TokenizationException>(() => models.TinyStories.Tokenize("a llama 🦙", true, false));
    }

    /// <summary>Every character of the Basic Multilingual Plane's first 0x3000 code points (plus some astral ones) either
    /// tokenizes or is refused: none reaches the abort.</summary>
    [Fact]
    public void Tokenize_TinyStoriesAnyCharacter_TokenizesOrThrowsButNeverAborts()
    {
        int accepted = 0, refused = 0;
        IEnumerable<int> codePoints = Enumerable.Range(1, 0x3000).Concat([0x1F600, 0x1F999, 0x10FFFD]);
        foreach (int cp in codePoints.Where(cp => cp is < 0xD800 or > 0xDFFF))
        {
            string text = "a" + char.ConvertFromUtf32(cp) + "b";
            try
            {
                Assert.NotEmpty(models.TinyStories.Tokenize(text, false, false));
                accepted++;
            }
            catch (TokenizationException)
            {
                refused++;
            }
        }
        Assert.True(accepted >= 60, $"only {accepted} characters accepted"); // letters, digits, common punctuation
        Assert.True(refused > 0);
    }

    [Fact]
    public void Tokenize_TinyStoriesOrdinaryText_IsAccepted()
    {
        int[] ids = models.TinyStories.Tokenize("Hello, World! 123. Tom said: \"Yes.\"\nThe end.", true, false);
        Assert.NotEmpty(ids);
    }

    [Fact]
    public void Tokenize_VocabsWithByteTokens_AcceptAnything()
    {
        string text = "{\"a\": 1}\t~ héllo 日本語 🦙 \u0001";
        foreach (LlamaModel model in new[] { models.Stories260K, models.Phi3 })
        {
            int[] ids = model.Tokenize(text, false, false);
            Assert.NotEmpty(ids);
            Assert.All(ids, id => Assert.InRange(id, 0, model.VocabSize - 1));
        }
    }
}
