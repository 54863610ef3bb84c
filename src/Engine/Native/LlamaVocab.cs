using System.Runtime.InteropServices;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

/// <summary>
/// A model's <c>const llama_vocab*</c> (owned by the model) with llama.h's vocabulary and tokenizer functions as
/// .NET methods. Each call holds a reference on the model handle, so a concurrent Dispose of the model defers the
/// free; after it, calls throw <see cref="ObjectDisposedException"/>. The functions are read-only after load and
/// safe to call from several threads. Buffer protocols are llama.h's: a negative return is minus the size needed.
/// </summary>
internal sealed unsafe class LlamaVocab
{
    private static readonly byte[] NonNullEmpty = new byte[1];
    private readonly SafeLlamaModelHandle _model;
    private readonly IntPtr _vocab;

    /// <summary>The vocabulary of <paramref name="model"/> (<c>llama_model_get_vocab</c>).</summary>
    /// <exception cref="ObjectDisposedException">The model handle is closed.</exception>
    internal LlamaVocab(SafeLlamaModelHandle model)
    {
        _model = model;
        using var b = model.Borrow();
        _vocab = LlamaNative.llama_model_get_vocab(b.Model);
    }

    /// <summary>Tokens in the vocabulary (<c>llama_vocab_n_tokens</c>).</summary>
    public int TokenCount { get { using var l = Lease(); return LlamaNative.llama_vocab_n_tokens(l.Vocab); } }

    /// <summary>Beginning-of-sequence token (<c>llama_vocab_bos</c>), or −1.</summary>
    public int BosToken { get { using var l = Lease(); return LlamaNative.llama_vocab_bos(l.Vocab); } }

    /// <summary>End-of-sequence token (<c>llama_vocab_eos</c>), or −1.</summary>
    public int EosToken { get { using var l = Lease(); return LlamaNative.llama_vocab_eos(l.Vocab); } }

    /// <summary>The tokenizer algorithm (<c>llama_vocab_type</c>).</summary>
    public LlamaVocabType Type { get { using var l = Lease(); return LlamaNative.llama_vocab_type(l.Vocab); } }

    /// <summary><c>llama_tokenize</c>: writes the tokens of <paramref name="utf8"/> into <paramref name="tokens"/>.</summary>
    /// <returns>The token count; when negative, minus the count needed (nothing usable written); int.MinValue on overflow.</returns>
    public int Tokenize(ReadOnlySpan<byte> utf8, Span<int> tokens, bool addSpecial, bool parseSpecial)
    {
        using var l = Lease();
        fixed (byte* text = utf8.IsEmpty ? NonNullEmpty : utf8)
        fixed (int* output = tokens)
            return LlamaNative.llama_tokenize(l.Vocab, text, utf8.Length, output, tokens.Length, addSpecial, parseSpecial);
    }

    /// <summary><c>llama_detokenize</c>: writes the UTF-8 text of <paramref name="tokens"/> into <paramref name="text"/>.</summary>
    /// <returns>The byte count; when negative, minus the size needed.</returns>
    public int Detokenize(ReadOnlySpan<int> tokens, Span<byte> text, bool removeSpecial, bool unparseSpecial)
    {
        using var l = Lease();
        fixed (int* ids = tokens)
        fixed (byte* output = text)
            return LlamaNative.llama_detokenize(l.Vocab, ids, tokens.Length, output, text.Length, removeSpecial, unparseSpecial);
    }

    /// <summary><c>llama_token_to_piece</c>: writes the raw bytes of one token into <paramref name="piece"/>.</summary>
    /// <returns>The byte count; when negative, minus the size needed.</returns>
    public int TokenToPiece(int token, Span<byte> piece, int lstrip, bool special)
    {
        using var l = Lease();
        fixed (byte* output = piece)
            return LlamaNative.llama_token_to_piece(l.Vocab, token, output, piece.Length, lstrip, special);
    }

    /// <summary>The vocabulary entry's own text (<c>llama_vocab_get_text</c>), copied; "" when llama.cpp has none.
    /// The id must be in the vocabulary.</summary>
    public string GetText(int token)
    {
        using var l = Lease();
        return Marshal.PtrToStringUTF8((IntPtr)LlamaNative.llama_vocab_get_text(l.Vocab, token)) ?? "";
    }

    /// <summary>Whether the token ends generation (<c>llama_vocab_is_eog</c>). The id must be in the vocabulary.</summary>
    public bool IsEog(int token)
    {
        using var l = Lease();
        return LlamaNative.llama_vocab_is_eog(l.Vocab, token);
    }

    /// <summary>Whether the token is a control token (<c>llama_vocab_is_control</c>). The id must be in the vocabulary.</summary>
    public bool IsControl(int token)
    {
        using var l = Lease();
        return LlamaNative.llama_vocab_is_control(l.Vocab, token);
    }

    /// <summary>Whether tokenizing with add_special puts BOS first (<c>llama_vocab_get_add_bos</c>).</summary>
    public bool AddsBos { get { using var l = Lease(); return LlamaNative.llama_vocab_get_add_bos(l.Vocab); } }

    /// <summary>Whether tokenizing with add_special puts EOS last (<c>llama_vocab_get_add_eos</c>).</summary>
    public bool AddsEos { get { using var l = Lease(); return LlamaNative.llama_vocab_get_add_eos(l.Vocab); } }

    /// <summary>The vocabulary pointer with a reference on the model, for a native call inside Native/.</summary>
    internal VocabLease Lease() => new(_model, _vocab);

    /// <summary>A reference on the model for the duration of a native call.</summary>
    internal readonly ref struct VocabLease
    {
        private readonly SafeLlamaModelHandle.Borrowed _borrowed;

        public VocabLease(SafeLlamaModelHandle model, IntPtr vocab)
        {
            _borrowed = model.Borrow();
            Vocab = vocab;
        }

        /// <summary>The <c>const llama_vocab*</c>.</summary>
        public IntPtr Vocab { get; }

        public void Dispose() => _borrowed.Dispose();
    }
}
