namespace Workbench.Engine.Training.Tokenization;

/// <summary>Options of <see cref="BpeTokenizerTrainer.Train"/>. Checked by <see cref="Validate"/>, which the
/// trainer calls first.</summary>
public sealed class BpeTrainingOptions
{
    /// <summary>Largest <see cref="VocabSize"/> accepted.</summary>
    public const int MaxVocabSize = 65536;

    /// <summary>Total tokens wanted: the 256 byte tokens, the merged tokens and <see cref="SpecialTokens"/>. From
    /// 256 + the special count + 1 to <see cref="MaxVocabSize"/>; default 2048. Training stops earlier (a smaller
    /// vocabulary) when no pair occurs <see cref="MinFrequency"/> times any more.</summary>
    public int VocabSize { get; init; } = 2048;

    /// <summary>Special tokens, appended after the merged tokens in this order. Each text is non-empty, unique,
    /// longer than one character and of type <see cref="GgufTokenType.Control"/> or
    /// <see cref="GgufTokenType.UserDefined"/>. Their texts are cut out of the training text before
    /// pre-tokenizing, so they are never part of a merge, and no merge may produce a token with a special's text
    /// (llama.cpp requires every token text to be unique). Default: none.</summary>
    public IReadOnlyList<(string Text, GgufTokenType Type)> SpecialTokens { get; init; } = [];

    /// <summary>Least number of occurrences (counted over the whole corpus) of a pair for it to be merged; at
    /// least 1; default 2.</summary>
    public int MinFrequency { get; init; } = 2;

    /// <summary>Checks the options.</summary>
    /// <exception cref="ArgumentException">A value is out of range or a special token is invalid; the message
    /// names it.</exception>
    public void Validate()
    {
        if (SpecialTokens is null) throw new ArgumentException("SpecialTokens must not be null (use an empty list).", nameof(SpecialTokens));
        int minimum = 256 + SpecialTokens.Count + 1;
        if (VocabSize < minimum || VocabSize > MaxVocabSize)
            throw new ArgumentException($"VocabSize must be from {minimum} (256 byte tokens + {SpecialTokens.Count} special tokens + 1 merge) to {MaxVocabSize}, not {VocabSize}.", nameof(VocabSize));
        if (MinFrequency < 1)
            throw new ArgumentException($"MinFrequency must be at least 1, not {MinFrequency}.", nameof(MinFrequency));
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (text, type) in SpecialTokens)
        {
            if (string.IsNullOrEmpty(text))
                throw new ArgumentException("A special token's text is empty.", nameof(SpecialTokens));
            if (text.Length < 2)
                throw new ArgumentException($"The special token '{text}' is one character long: it would collide with a byte token.", nameof(SpecialTokens));
            if (!seen.Add(text))
                throw new ArgumentException($"The special token '{text}' is listed twice.", nameof(SpecialTokens));
            if (type is not (GgufTokenType.Control or GgufTokenType.UserDefined))
                throw new ArgumentException($"The special token '{text}' has type {type}; only Control and UserDefined are allowed.", nameof(SpecialTokens));
        }
    }
}
