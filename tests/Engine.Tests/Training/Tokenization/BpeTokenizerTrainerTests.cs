using System.Diagnostics;
using System.Text;
using Workbench.Engine.Training.Tokenization;
using Xunit;
using Xunit.Abstractions;

namespace Workbench.Engine.Tests.Training.Tokenization;

public class BpeTokenizerTrainerTests(ITestOutputHelper output)
{
    [Fact]
    public void Train_SameInput_SameVocabulary_WhateverTheTextOrder()
    {
        var texts = Varied(100_000);
        texts.AddRange(TokenizerCorpus.Conversations(200));
        var options = TokenizerCorpus.ChatOptions(vocabSize: 1024);
        var first = BpeTokenizerTrainer.Train(texts, options);
        var second = BpeTokenizerTrainer.Train(texts, options);
        var reversed = BpeTokenizerTrainer.Train(Enumerable.Reverse(texts).ToList(), options);

        Assert.Equal(1024, first.Count);
        Assert.Equal(first.Tokens, second.Tokens);
        Assert.Equal(first.Merges, second.Merges);
        Assert.Equal(first.Tokens, reversed.Tokens);
        Assert.Equal(first.Merges, reversed.Merges);
    }

    [Fact]
    public void Train_Layout_BytesThenMergesThenSpecials()
    {
        var vocabulary = BpeTokenizerTrainer.Train(TokenizerCorpus.Conversations(100), TokenizerCorpus.ChatOptions());

        Assert.Equal("Ġ", vocabulary.Tokens[' ']);
        Assert.Equal("Ċ", vocabulary.Tokens['\n']);
        Assert.Equal("A", vocabulary.Tokens['A']);
        int specials = TokenizerCorpus.ChatSpecials.Count;
        Assert.Equal(TokenizerCorpus.ChatSpecials.Select(s => s.Text), vocabulary.Tokens.TakeLast(specials));
        Assert.Equal(TokenizerCorpus.ChatSpecials.Select(s => s.Type), vocabulary.TokenTypes.TakeLast(specials));
        Assert.All(vocabulary.TokenTypes.SkipLast(specials), t => Assert.Equal(GgufTokenType.Normal, t));
        Assert.Equal(vocabulary.Count - 7, vocabulary.SpecialId("<|endoftext|>"));
        // Each merged token is its merge's two halves joined, in merge order.
        Assert.Equal(vocabulary.Count - 256 - specials, vocabulary.Merges.Count);
        for (int m = 0; m < vocabulary.Merges.Count; m++)
            Assert.Equal(vocabulary.Merges[m].Replace(" ", ""), vocabulary.Tokens[256 + m]);
        // Special texts were cut out of the corpus before counting, so no merge reaches into them.
        Assert.DoesNotContain(vocabulary.Tokens.SkipLast(specials), t => t.Contains("im_start") || t.Contains("<|"));
    }

    [Fact]
    public void Train_Digits_AreNeverMerged()
    {
        var texts = Enumerable.Range(0, 500).Select(i => $"order {i * 37} costs {i % 10}{i % 10}{i % 10} euros, code 2024").ToList();

        var vocabulary = BpeTokenizerTrainer.Train(texts, new BpeTrainingOptions { VocabSize = 600 });

        Assert.DoesNotContain(vocabulary.Tokens, t => t.Count(char.IsAsciiDigit) > 0 && t.Length > 1);
        Assert.Contains("order", vocabulary.Tokens);
        Assert.Contains("Ġeuros", vocabulary.Tokens);
    }

    [Fact]
    public void Train_VocabLargerThanPossibleMerges_StopsCleanly()
    {
        var vocabulary = BpeTokenizerTrainer.Train(["hello hello hello world world"], new BpeTrainingOptions
        {
            VocabSize = 4096,
            SpecialTokens = [("<|im_end|>", GgufTokenType.Control)],
            MinFrequency = 2,
        });

        // Pairs seen at least twice: in "hello" ×3 (h e, e l, l l, l o → hello) and " hello" ×2, " world" ×2.
        Assert.True(vocabulary.Count < 300, $"{vocabulary.Count} tokens");
        Assert.Contains("hello", vocabulary.Tokens);
        Assert.Contains("Ġworld", vocabulary.Tokens);
        Assert.Equal("<|im_end|>", vocabulary.Tokens[^1]);
        Assert.Equal(vocabulary.Count - 1 - 256, vocabulary.Merges.Count);
    }

    [Fact]
    public void Train_NoTextAtAll_GivesTheBytesAndSpecials()
    {
        var vocabulary = BpeTokenizerTrainer.Train([], new BpeTrainingOptions { SpecialTokens = [("<|im_end|>", GgufTokenType.Control)] });

        Assert.Equal(257, vocabulary.Count);
        Assert.Empty(vocabulary.Merges);
    }

    [Fact]
    public void Train_MergeSpellingASpecialToken_IsSkipped()
    {
        // "Ġthe" is how " the" is spelt in the byte-level alphabet; a special with that raw text must not be
        // produced by a merge too (llama.cpp requires unique token texts).
        var vocabulary = BpeTokenizerTrainer.Train(Enumerable.Repeat("in the house the cat the end", 50), new BpeTrainingOptions
        {
            VocabSize = 300,
            SpecialTokens = [("Ġthe", GgufTokenType.UserDefined)],
        });

        Assert.Single(vocabulary.Tokens, t => t == "Ġthe");
        Assert.Equal(GgufTokenType.UserDefined, vocabulary.TokenTypes[vocabulary.SpecialId("Ġthe")]);
        // Ties go to the smaller left id: "Ġ t" (32, 116), then "h e" (104, 101) before "Ġt h"; "Ġt he" is skipped.
        Assert.Contains("Ġt", vocabulary.Tokens);
        Assert.Contains("he", vocabulary.Tokens);
        Assert.DoesNotContain("Ġt he", vocabulary.Merges);
    }

    [Fact]
    public void Train_SpecialTokenTextsInTheCorpus_AreCutOutBeforeCounting()
    {
        // Without cutting, "|>" and "<|" would be the most frequent pairs of this text.
        var texts = Enumerable.Repeat("<|im_start|>ab<|im_end|>", 100).ToList();
        var vocabulary = BpeTokenizerTrainer.Train(texts, new BpeTrainingOptions
        {
            VocabSize = 300,
            SpecialTokens = [("<|im_start|>", GgufTokenType.Control), ("<|im_end|>", GgufTokenType.Control)],
        });

        Assert.Equal(["ab"], vocabulary.Tokens.Skip(256).SkipLast(2));
    }

    public static TheoryData<BpeTrainingOptions, string> BadOptions => new()
    {
        { new BpeTrainingOptions { VocabSize = 256 }, "VocabSize" },
        { new BpeTrainingOptions { VocabSize = 258, SpecialTokens = [("<a>", GgufTokenType.Control), ("<b>", GgufTokenType.Control)] }, "VocabSize" },
        { new BpeTrainingOptions { VocabSize = 1 << 20 }, "VocabSize" },
        { new BpeTrainingOptions { MinFrequency = 0 }, "MinFrequency" },
        { new BpeTrainingOptions { SpecialTokens = [("", GgufTokenType.Control)] }, "SpecialTokens" },
        { new BpeTrainingOptions { SpecialTokens = [("x", GgufTokenType.Control)] }, "SpecialTokens" },
        { new BpeTrainingOptions { SpecialTokens = [("<a>", GgufTokenType.Control), ("<a>", GgufTokenType.UserDefined)] }, "SpecialTokens" },
        { new BpeTrainingOptions { SpecialTokens = [("<a>", GgufTokenType.Normal)] }, "SpecialTokens" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void Train_BadOptions_ThrowsArgumentExceptionNamingTheOption(BpeTrainingOptions options, string name)
    {
        var e = Assert.Throws<ArgumentException>(() => BpeTokenizerTrainer.Train(["some text"], options));
        Assert.Equal(name, e.ParamName);
    }

    [Fact]
    public void Train_NullText_ThrowsArgumentException()
    {
        Assert.Throws<ArgumentException>(() => BpeTokenizerTrainer.Train(["ok", null!], new BpeTrainingOptions()));
    }

    [Fact]
    public void Train_Cancelled_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => BpeTokenizerTrainer.Train(["some text"], new BpeTrainingOptions(), cts.Token));
    }

    [Fact]
    public void Train_FourMegabytes_4096Tokens_TakesSeconds()
    {
        // The chat corpus is ~20 MB; this is a fifth of it, on one shared core (the bound is loose on purpose).
        var texts = Varied(4_000_000);
        var watch = Stopwatch.StartNew();
        var vocabulary = BpeTokenizerTrainer.Train(texts, new BpeTrainingOptions { VocabSize = 4096, SpecialTokens = TokenizerCorpus.ChatSpecials });
        watch.Stop();
        output.WriteLine($"{texts.Sum(t => t.Length) / 1e6:F1} M chars, {vocabulary.Count} tokens in {watch.Elapsed.TotalSeconds:F1} s");
        Assert.Equal(4096, vocabulary.Count);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(30), $"took {watch.Elapsed}");
    }

    /// <summary>Texts of pseudo-words (so the word table is large and merges keep finding pairs).</summary>
    internal static List<string> Varied(int characters, int seed = 3)
    {
        var random = new Random(seed);
        const string consonants = "bcdfghjklmnprstvwz";
        const string vowels = "aeiou";
        var words = Enumerable.Range(0, 20000).Select(_ =>
        {
            var w = new StringBuilder();
            for (int s = random.Next(1, 4); s > 0; s--) w.Append(consonants[random.Next(consonants.Length)]).Append(vowels[random.Next(vowels.Length)]);
            return w.ToString();
        }).ToArray();
        var texts = new List<string>();
        int total = 0;
        while (total < characters)
        {
            var sb = new StringBuilder();
            for (int i = 0; i < 200; i++)
            {
                // Zipf-like: small indexes are common.
                int index = (int)(words.Length * Math.Pow(random.NextDouble(), 3));
                sb.Append(words[index]).Append(i % 17 == 16 ? ".\n" : random.Next(10) == 0 ? $" {random.Next(1000)} " : " ");
            }
            texts.Add(sb.ToString());
            total += sb.Length;
        }
        return texts;
    }
}
