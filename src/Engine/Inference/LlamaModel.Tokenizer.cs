using System.Collections.Concurrent;
using System.Text;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Inference;

// Tokenizer: llama_tokenize / llama_detokenize / llama_token_to_piece, with the guards that keep llama.cpp from
// aborting the process.
internal sealed partial class LlamaModel
{
    private const char SpmSpace = '\u2581'; // SentencePiece's "▁", which SPM vocabularies use for a space

    /// <summary>For SPM vocabularies: bytes without a byte-fallback token (llama.cpp's <c>byte_to_token</c> would throw
    /// std::out_of_range and abort the process); null when every byte has one or the tokenizer is not SPM.</summary>
    private readonly bool[]? _missingByteTokens;
    private HashSet<string>? _tokenTexts;
    private readonly ConcurrentDictionary<int, bool> _encodableRunes = new();

    /// <summary>Converts text to token ids (<c>llama_tokenize</c>).</summary>
    /// <param name="text">Any text; encoded as UTF-8 (lone surrogates become U+FFFD).</param>
    /// <param name="addSpecial">Add BOS/EOS as the vocabulary is configured to (add_special).</param>
    /// <param name="parseSpecial">Recognise special/control token texts such as <c>&lt;|im_start|&gt;</c> (parse_special).</param>
    /// <returns>Token ids in 0 … <see cref="VocabSize"/> − 1.</returns>
    /// <exception cref="TokenizationException">The vocabulary cannot encode a character of <paramref name="text"/>
    /// (an SPM vocabulary without byte-fallback tokens), or the result exceeds int.MaxValue tokens.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public int[] Tokenize(string text, bool addSpecial, bool parseSpecial)
    {
        ArgumentNullException.ThrowIfNull(text);
        EnsureEncodable(text);
        byte[] utf8 = Encoding.UTF8.GetBytes(text);
        int[] tokens = new int[utf8.Length + 2];
        int count = TokenizeInto(utf8, tokens, addSpecial, parseSpecial);
        if (count == int.MinValue)
            throw new TokenizationException("The text is too long to tokenize (more than 2,147,483,647 tokens).");
        if (count < 0)
        {
            tokens = new int[-count];
            count = TokenizeInto(utf8, tokens, addSpecial, parseSpecial);
        }
        return count == tokens.Length ? tokens : tokens.AsSpan(0, Math.Max(count, 0)).ToArray();
    }

    private int TokenizeInto(byte[] utf8, int[] tokens, bool addSpecial, bool parseSpecial) =>
        Vocab.Tokenize(utf8, tokens, addSpecial, parseSpecial);

    /// <summary>Converts token ids back to text (<c>llama_detokenize</c>). Invalid UTF-8 (a multi-byte character cut
    /// between tokens) becomes U+FFFD.</summary>
    /// <param name="tokens">Token ids.</param>
    /// <param name="removeSpecial">Drop a leading BOS / trailing EOS when the vocabulary adds them (remove_special).</param>
    /// <param name="unparseSpecial">Render special tokens as their text (unparse_special).</param>
    /// <exception cref="TokenizationException">An id is outside 0 … <see cref="VocabSize"/> − 1.</exception>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public string Detokenize(IReadOnlyList<int> tokens, bool removeSpecial, bool unparseSpecial)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        int[] ids = tokens as int[] ?? tokens.ToArray();
        foreach (int id in ids)
            CheckToken(id);
        if (ids.Length == 0)
            return "";
        byte[] text = new byte[Math.Max(16, ids.Length * 8)];
        int length = DetokenizeInto(ids, text, removeSpecial, unparseSpecial);
        if (length < 0)
        {
            text = new byte[-length];
            length = DetokenizeInto(ids, text, removeSpecial, unparseSpecial);
        }
        return Encoding.UTF8.GetString(text, 0, Math.Clamp(length, 0, text.Length));
    }

    private int DetokenizeInto(int[] ids, byte[] text, bool removeSpecial, bool unparseSpecial) =>
        Vocab.Detokenize(ids, text, removeSpecial, unparseSpecial);

    /// <summary>The raw bytes of one token (<c>llama_token_to_piece</c>, lstrip 0). A piece may be empty or hold part of
    /// a multi-byte UTF-8 character: assemble text with a stateful UTF-8 decoder.</summary>
    /// <param name="token">Token id.</param>
    /// <param name="special">Render special/control tokens as their text (otherwise they give no bytes).</param>
    /// <exception cref="TokenizationException">The id is outside the vocabulary.</exception>
    public byte[] TokenBytes(int token, bool special = true)
    {
        CheckToken(token);
        Span<byte> small = stackalloc byte[64];
        int length = Vocab.TokenToPiece(token, small, 0, special);
        if (length >= 0)
            return length == 0 ? [] : small[..length].ToArray();
        byte[] large = new byte[-length];
        length = Vocab.TokenToPiece(token, large, 0, special);
        return large.AsSpan(0, Math.Clamp(length, 0, large.Length)).ToArray();
    }

    /// <summary>The text of one token as <see cref="TokenBytes"/> decodes on its own (special tokens rendered; a partial
    /// UTF-8 character becomes U+FFFD; may be empty).</summary>
    /// <exception cref="TokenizationException">The id is outside the vocabulary.</exception>
    public string TokenPiece(int token) => Encoding.UTF8.GetString(TokenBytes(token));

    /// <summary>The vocabulary entry's own text (<c>llama_vocab_get_text</c>, e.g. <c>▁the</c> or <c>&lt;0x0A&gt;</c>).</summary>
    /// <exception cref="TokenizationException">The id is outside the vocabulary.</exception>
    public string TokenText(int token)
    {
        CheckToken(token);
        return Vocab.GetText(token);
    }

    /// <summary>Every token id that ends generation (<c>llama_vocab_is_eog</c> over the vocabulary), computed once.</summary>
    public IReadOnlyList<int> EndOfGenerationTokens => _endOfGenerationTokens ??=
        Enumerable.Range(0, VocabSize).Where(id => EndOfGenerationMask[id]).ToArray();

    private int[]? _endOfGenerationTokens;

    /// <summary><see cref="EndOfGenerationTokens"/> as n_vocab flags indexed by token id, computed once; do not modify.</summary>
    public bool[] EndOfGenerationMask => _endOfGenerationMask ??= BuildEndOfGenerationMask();

    private bool[]? _endOfGenerationMask;

    private bool[] BuildEndOfGenerationMask()
    {
        var mask = new bool[VocabSize];
        for (int id = 0; id < mask.Length; id++) mask[id] = Vocab.IsEog(id);
        return mask;
    }

    /// <summary>Whether the token ends generation (EOS, EOT, ... per <c>llama_vocab_is_eog</c>, read from
    /// <see cref="EndOfGenerationMask"/>: no native call per sampled token). False for ids outside the vocabulary.</summary>
    public bool IsEndOfGeneration(int token)
    {
        if ((uint)token >= (uint)VocabSize)
            return false;
        return EndOfGenerationMask[token];
    }

    /// <summary>Whether the token is a control token (<c>llama_vocab_is_control</c>). False outside the vocabulary.</summary>
    public bool IsControl(int token)
    {
        if ((uint)token >= (uint)VocabSize)
            return false;
        return Vocab.IsControl(token);
    }

    private void CheckToken(int token)
    {
        if ((uint)token >= (uint)VocabSize)
            throw new TokenizationException($"Token id {token} is outside the vocabulary (valid ids are 0 to {VocabSize - 1}).");
    }

    /// <summary>Throws when llama.cpp's SPM tokenizer would need a byte-fallback token the vocabulary lacks. SPM splits
    /// text (spaces as ▁, plus a leading ▁) into characters and merges them only into vocabulary entries; a character
    /// that is not an entry falls back to its UTF-8 bytes. Conservative: a character absent from the vocabulary that
    /// a merge would have absorbed is also refused.</summary>
    private void EnsureEncodable(string text)
    {
        if (_missingByteTokens is null || text.Length == 0)
            return;
        if (!Encodable(new Rune(SpmSpace)))
            throw new TokenizationException("This model's vocabulary cannot encode a space (it has no '▁' entry and no byte tokens).");
        foreach (Rune rune in text.EnumerateRunes())
        {
            Rune normalized = rune.Value == ' ' ? new Rune(SpmSpace) : rune;
            if (!Encodable(normalized))
            {
                string shown = rune.Value < 0x20 ? $"U+{rune.Value:X4}" : $"'{rune}' (U+{rune.Value:X4})";
                throw new TokenizationException($"This model's vocabulary cannot encode the character {shown}: it is not in the vocabulary and the vocabulary has no byte-fallback tokens. Remove or replace it.");
            }
        }
    }

    private bool Encodable(Rune rune) =>
        _encodableRunes.GetOrAdd(rune.Value, static (_, state) => Encodable(state.Entries, state.Missing, state.Rune),
            (Entries: TokenTexts(), Missing: _missingByteTokens!, Rune: rune));

    private static bool Encodable(HashSet<string> entries, bool[] missingByteTokens, Rune rune)
    {
        if (entries.Contains(rune.ToString()))
            return true;
        Span<byte> utf8 = stackalloc byte[4];
        int n = rune.EncodeToUtf8(utf8);
        foreach (byte b in utf8[..n])
            if (missingByteTokens[b])
                return false;
        return true;
    }

    private HashSet<string> TokenTexts()
    {
        if (_tokenTexts is { } cached)
            return cached;
        var texts = new HashSet<string>(VocabSize, StringComparer.Ordinal);
        for (int i = 0; i < VocabSize; i++)
            texts.Add(Vocab.GetText(i));
        return _tokenTexts = texts;
    }

    /// <summary>For an SPM vocabulary, marks each byte that has neither a <c>&lt;0xHH&gt;</c> entry nor (ASCII) a
    /// one-character entry, exactly as llama.cpp's <c>byte_to_token</c> looks them up. Null when none is missing.</summary>
    private bool[]? FindMissingByteTokens()
    {
        if (VocabType != LlamaVocabType.SPM)
            return null;
        HashSet<string> entries = TokenTexts();
        var missing = new bool[256];
        bool any = false;
        for (int b = 0; b < 256; b++)
        {
            bool found = entries.Contains($"<0x{b:X2}>") || (b < 0x80 && entries.Contains(((char)b).ToString()));
            missing[b] = !found;
            any |= !found;
        }
        if (!any)
            _tokenTexts = null; // not needed any more
        return any ? missing : null;
    }
}
