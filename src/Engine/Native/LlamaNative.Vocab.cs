using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h "Vocab" and "Tokenization". vocab is a const llama_vocab* owned by its model.
internal static unsafe partial class LlamaNative
{
    /// <summary>The tokenizer algorithm.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaVocabType llama_vocab_type(IntPtr vocab);

    /// <summary>Tokens in the vocabulary (n_vocab).</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_n_tokens(IntPtr vocab);

    /// <summary>Text of a token entry (raw vocabulary form); borrowed.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_vocab_get_text(IntPtr vocab, int token);

    /// <summary>Score of a token entry.</summary>
    [LibraryImport(LibLlama)]
    internal static partial float llama_vocab_get_score(IntPtr vocab, int token);

    /// <summary>Attribute flags of a token entry.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaTokenAttr llama_vocab_get_attr(IntPtr vocab, int token);

    /// <summary>Whether the token ends generation (EOS, EOT, ...).</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_eog(IntPtr vocab, int token);

    /// <summary>Whether the token is a control token.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_is_control(IntPtr vocab, int token);

    /// <summary>Beginning-of-sequence token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_bos(IntPtr vocab);

    /// <summary>End-of-sequence token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_eos(IntPtr vocab);

    /// <summary>End-of-turn token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_eot(IntPtr vocab);

    /// <summary>Sentence separator token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_sep(IntPtr vocab);

    /// <summary>Newline token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_nl(IntPtr vocab);

    /// <summary>Padding token, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_vocab_pad(IntPtr vocab);

    /// <summary>Whether tokenizing with add_special prepends BOS.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_bos(IntPtr vocab);

    /// <summary>Whether tokenizing with add_special appends EOS.</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_vocab_get_add_eos(IntPtr vocab);

    /// <summary>Converts UTF-8 text to tokens. Returns the count (≤ <paramref name="n_tokens_max"/>), or minus the
    /// count needed when the buffer is too small, or INT32_MIN on overflow. Thread-safe.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_tokenize(IntPtr vocab, byte* text, int text_len, int* tokens, int n_tokens_max,
        [MarshalAs(UnmanagedType.U1)] bool add_special, [MarshalAs(UnmanagedType.U1)] bool parse_special);

    /// <summary>Writes a token's bytes (no NUL) into <paramref name="buf"/>; returns the length, or minus the length
    /// needed when the buffer is too small.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_token_to_piece(IntPtr vocab, int token, byte* buf, int length, int lstrip,
        [MarshalAs(UnmanagedType.U1)] bool special);

    /// <summary>Converts tokens back to UTF-8 text; returns the byte count, or minus the count needed.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_detokenize(IntPtr vocab, int* tokens, int n_tokens, byte* text, int text_len_max,
        [MarshalAs(UnmanagedType.U1)] bool remove_special, [MarshalAs(UnmanagedType.U1)] bool unparse_special);
}
