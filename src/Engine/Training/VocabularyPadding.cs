using Workbench.Engine.Training.Tokenization;

namespace Workbench.Engine.Training;

/// <summary>Rounds a vocabulary up to a multiple of 8 tokens, which <see cref="TinyLlamaNetwork"/>'s matrix products
/// need (n_vocab is a row width of the output projection), with <c>&lt;|unused_N|&gt;</c> tokens of type UNUSED
/// that no text ever tokenizes to — as model releases pad their vocabularies for the same reason.</summary>
public static class VocabularyPadding
{
    /// <summary>Returns <paramref name="vocabulary"/> itself when its size is already a multiple of
    /// <paramref name="multiple"/>, else a copy with padding tokens appended (BOS, EOS and padding ids kept).</summary>
    public static BpeVocabulary PadToMultiple(BpeVocabulary vocabulary, int multiple = 8)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        ArgumentOutOfRangeException.ThrowIfLessThan(multiple, 1);
        int missing = (multiple - vocabulary.Count % multiple) % multiple;
        if (missing == 0) return vocabulary;
        var tokens = vocabulary.Tokens.ToList();
        var types = vocabulary.TokenTypes.ToList();
        for (int i = 0; i < missing; i++)
        {
            tokens.Add($"<|unused_{i}|>");
            types.Add(GgufTokenType.Unused);
        }
        return new BpeVocabulary(tokens, types, vocabulary.Merges, vocabulary.Pre)
        {
            Bos = vocabulary.Bos,
            Eos = vocabulary.Eos,
            Pad = vocabulary.Pad,
        };
    }
}
