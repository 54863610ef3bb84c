using System.Text.RegularExpressions;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>The pre-tokenizer the trainer uses, the same one llama.cpp applies for <c>tokenizer.ggml.pre =
/// "qwen2"</c> (<c>LLAMA_VOCAB_PRE_TYPE_QWEN2</c> in src/llama-vocab.cpp): contractions, a letter run with at most
/// one leading non-letter, digits one by one, punctuation runs with an optional leading space and trailing
/// newlines, newline runs, and whitespace (a run before a word leaves its last space to the word). Special token
/// texts are cut out first and never reach the regex, as llama.cpp's <c>tokenizer_st_partition</c> does.</summary>
public static partial class BpePreTokenizer
{
    /// <summary>The <c>tokenizer.ggml.pre</c> value this pre-tokenizer matches.</summary>
    public const string Name = "qwen2";

    /// <summary>The regex, spelled as llama.cpp spells it (the case-insensitive contraction group written out with
    /// character classes, so no culture's case rules apply).</summary>
    public const string Pattern =
        @"(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+";

    [GeneratedRegex(Pattern, RegexOptions.CultureInvariant)]
    internal static partial Regex Regex();

    /// <summary>Splits <paramref name="text"/> into pre-tokens (the pieces BPE merges never cross), special token
    /// texts first: each special text (longest first where two start at the same place) becomes one piece of its own.</summary>
    /// <param name="text">Any text.</param>
    /// <param name="specialTokens">Texts cut out before the regex applies; may be empty.</param>
    /// <returns>The pieces in order, with whether each is a special token; together they are the text.</returns>
    public static IEnumerable<(string Piece, bool Special)> Split(string text, IReadOnlyList<string> specialTokens)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(specialTokens);
        var pieces = new List<(string, bool)>();
        ForEachPiece(text, specialTokens, (span, special) => pieces.Add((span.ToString(), special)));
        return pieces;
    }

    internal delegate void PieceHandler(ReadOnlySpan<char> piece, bool special);

    internal static void ForEachPiece(string text, IReadOnlyList<string> specialTokens, PieceHandler handler)
    {
        var regex = Regex();
        // Next occurrence of each special at or after the position (int.MaxValue: none left), so each special's
        // text is searched once per occurrence, not once per piece.
        var next = new int[specialTokens.Count];
        for (int i = 0; i < next.Length; i++) next[i] = Find(text, specialTokens[i], 0);
        int position = 0;
        while (position < text.Length)
        {
            int at = int.MaxValue, length = 0;
            for (int i = 0; i < next.Length; i++)
            {
                if (next[i] < position) next[i] = Find(text, specialTokens[i], position);
                if (next[i] < at || (next[i] == at && next[i] != int.MaxValue && specialTokens[i].Length > length))
                {
                    at = next[i];
                    length = specialTokens[i].Length;
                }
            }
            int end = at == int.MaxValue ? text.Length : at;
            foreach (ValueMatch m in regex.EnumerateMatches(text.AsSpan(position, end - position)))
                handler(text.AsSpan(position + m.Index, m.Length), false);
            if (at == int.MaxValue) break;
            handler(text.AsSpan(at, length), true);
            position = at + length;
        }
    }

    private static int Find(string text, string special, int from)
    {
        int at = special.Length == 0 ? -1 : text.IndexOf(special, from, StringComparison.Ordinal);
        return at < 0 ? int.MaxValue : at;
    }
}
