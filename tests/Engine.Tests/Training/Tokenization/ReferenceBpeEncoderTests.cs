using Workbench.Engine.Training.Tokenization;
using Xunit;

namespace Workbench.Engine.Tests.Training.Tokenization;

/// <summary>llama.cpp's tokenization against a plain C# reading of the same vocabulary (pre-tokenize with the
/// trainer's regex, then merge the lowest-ranked adjacent pair until none is left, as GPT-2's encoder.py does):
/// equal ids mean llama.cpp splits text as the trainer did and reads the merges in the trainer's rank order.</summary>
public class ReferenceBpeEncoderTests(ChatVocabularyFixture fixture) : IClassFixture<ChatVocabularyFixture>
{
    [Theory]
    [InlineData("<|im_start|>user\nWhat is the weather in Reykjavik today?<|im_end|>\n<|im_start|>assistant\n")]
    [InlineData("<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Quito\"}}\n</tool_call><|im_end|>")]
    [InlineData("The weather in Lima is -7 degrees celsius on 2031-04-17.  It's cold!\n\n  Really?")]
    [InlineData("Crème brûlée à Zürich, señor — naïve façade; 東京の天気は晴れ")]
    [InlineData("tabs\tand\r\nwindows lines\r\n\r\n   end   ")]
    public void LlamaCpp_TokenizesAsTheReferenceEncoder(string text)
    {
        Assert.Equal(Reference(fixture.Vocabulary, text), fixture.Tokenizer.Encode(text));
    }

    private static List<int> Reference(BpeVocabulary vocabulary, string text)
    {
        var ids = vocabulary.Tokens.Select((t, i) => (t, i)).ToDictionary(x => x.t, x => x.i, StringComparer.Ordinal);
        var ranks = vocabulary.Merges.Select((m, r) => (m, r)).ToDictionary(x => x.m, x => x.r, StringComparer.Ordinal);
        var result = new List<int>();
        foreach (var (piece, special) in BpePreTokenizer.Split(text, vocabulary.SpecialTokenIds.Keys.ToList()))
        {
            if (special)
            {
                result.Add(vocabulary.SpecialId(piece));
                continue;
            }
            var symbols = ByteLevelAlphabet.Encode(piece).Select(c => c.ToString()).ToList();
            while (symbols.Count > 1)
            {
                int best = -1, bestRank = int.MaxValue;
                for (int i = 0; i + 1 < symbols.Count; i++)
                {
                    if (ranks.TryGetValue(symbols[i] + " " + symbols[i + 1], out int rank) && rank < bestRank)
                        (best, bestRank) = (i, rank);
                }
                if (best < 0) break;
                symbols[best] += symbols[best + 1];
                symbols.RemoveAt(best + 1);
            }
            result.AddRange(symbols.Select(s => ids[s]));
        }
        return result;
    }
}
