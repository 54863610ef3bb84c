using Xunit;
using System.Text;
using Workbench.Engine.Inference;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Model;

/// <summary>llama.cpp's tokenizer golden vectors (tests/test-tokenizer-0.cpp): every <c>vocab/*.gguf</c> with
/// <c>.inp</c>/<c>.out</c> files, loaded vocab-only; each string tokenizes with add_special = false and
/// parse_special = false to exactly the ids on its line. Also the round trip of tests/test-tokenizer-1-spm.cpp.</summary>
public class TokenizerGoldenTests
{
    private const string Separator = "\n__ggml_vocab_test__\n";

    public TokenizerGoldenTests() => TestModels.InitializeBackend();

    public static TheoryData<string> VocabsWithVectors()
    {
        var data = new TheoryData<string>();
        foreach (string inp in Directory.GetFiles(TestModels.VocabDirectory, "*.gguf.inp").Order(StringComparer.Ordinal))
        {
            string gguf = inp[..^".inp".Length];
            if (File.Exists(gguf + ".out"))
                data.Add(Path.GetFileName(gguf));
        }
        return data;
    }

    /// <summary>Reads the vectors as test-tokenizer-0.cpp does: the .inp split on "\n__ggml_vocab_test__\n", the .out
    /// one line of space-separated ids per string (stripped).</summary>
    private static List<(string Text, int[] Ids)> ReadVectors(string gguf)
    {
        string raw = Encoding.UTF8.GetString(File.ReadAllBytes(gguf + ".inp"));
        var inputs = new List<string>();
        int pos = 0;
        while (pos < raw.Length)
        {
            int next = raw.IndexOf(Separator, pos, StringComparison.Ordinal);
            if (next < 0)
            {
                inputs.Add(raw[pos..]);
                break;
            }
            inputs.Add(raw[pos..next]);
            pos = next + Separator.Length;
        }
        string[] outputs = File.ReadAllLines(gguf + ".out", Encoding.UTF8);
        Assert.Equal(inputs.Count, outputs.Length);
        return inputs.Select((text, i) => (text, outputs[i].Trim()
            .Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray())).ToList();
    }

    [Fact]
    public void VocabsWithVectors_AreAllFound()
    {
        Assert.True(VocabsWithVectors().Count >= 10, "the shared vocab folder should hold llama.cpp's golden vectors");
    }

    [Theory]
    [MemberData(nameof(VocabsWithVectors))]
    public void Tokenize_MatchesLlamaCppGoldenVectors(string vocabFile)
    {
        string gguf = Path.Combine(TestModels.VocabDirectory, vocabFile);
        using LlamaModel vocab = LlamaModel.Load(gguf, 0, vocabOnly: true, null, CancellationToken.None);
        List<(string Text, int[] Ids)> vectors = ReadVectors(gguf);
        Assert.NotEmpty(vectors);
        var failures = new List<string>();
        foreach ((string text, int[] expected) in vectors)
        {
            int[] actual = vocab.Tokenize(text, addSpecial: false, parseSpecial: false);
            if (!actual.SequenceEqual(expected))
                failures.Add($"'{text}': expected [{string.Join(' ', expected)}], got [{string.Join(' ', actual)}]");
            // Detokenizing the expected ids and our ids must agree (they are the same ids when the test passes).
            Assert.Equal(vocab.Detokenize(expected, false, true), vocab.Detokenize(actual, false, true));
        }
        Assert.True(failures.Count == 0, $"{failures.Count}/{vectors.Count} vectors differ:\n" + string.Join('\n', failures.Take(5)));
    }

    /// <summary>test-tokenizer-1-spm.cpp on ggml-vocab-llama-spm: every token's text re-tokenizes (parse_special) and
    /// detokenizes to itself, and single code points round-trip (sampled: every 13th, the test's own exclusions).</summary>
    [Fact]
    public void LlamaSpm_RoundTripsEveryTokenAndSampledCodePoints()
    {
        using LlamaModel vocab = LlamaModel.Load(TestModels.Vocab("llama-spm"), 0, vocabOnly: true, null, CancellationToken.None);
        for (int id = 0; id < vocab.VocabSize; id++)
        {
            string text = vocab.Detokenize([id], false, true);
            string check = vocab.Detokenize(vocab.Tokenize(text, false, true), false, true);
            Assert.True(text == check, $"token {id} detokenizes to '{text}' but its tokenization detokenizes to '{check}'");
        }
        for (int cp = 0; cp < 0x110000; cp += 13)
        {
            if (cp is >= 0xD800 and <= 0xDFFF || cp is >= 0x40000 and <= 0xE0000 || cp == 9601)
                continue;
            string text = char.ConvertFromUtf32(cp);
            string check = vocab.Detokenize(vocab.Tokenize(text, false, true), false, true);
            Assert.True(text == check, $"code point U+{cp:X4} detokenizes to '{check}'");
        }
    }
}
