namespace Workbench.Engine.Training.Tokenization;

/// <summary>A vocabulary entry's type as stored in <c>tokenizer.ggml.token_type</c> (int32 per token; llama.h's
/// <c>enum llama_token_type</c>, which llama.cpp's <c>llama_vocab::impl::load</c> turns into token attributes).
/// For the <c>gpt2</c> tokenizer: ordinary and byte tokens are <see cref="Normal"/>; special tokens are
/// <see cref="Control"/> (recognised only with parse_special, rendered only when asked) or
/// <see cref="UserDefined"/> (always recognised in text and always rendered when detokenized).</summary>
public enum GgufTokenType
{
    /// <summary>LLAMA_TOKEN_TYPE_UNDEFINED.</summary>
    Undefined = 0,
    /// <summary>LLAMA_TOKEN_TYPE_NORMAL: a byte or a merge of bytes.</summary>
    Normal = 1,
    /// <summary>LLAMA_TOKEN_TYPE_UNKNOWN.</summary>
    Unknown = 2,
    /// <summary>LLAMA_TOKEN_TYPE_CONTROL: e.g. <c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c>.</summary>
    Control = 3,
    /// <summary>LLAMA_TOKEN_TYPE_USER_DEFINED: e.g. <c>&lt;tool_call&gt;</c>, printed when detokenized.</summary>
    UserDefined = 4,
    /// <summary>LLAMA_TOKEN_TYPE_UNUSED.</summary>
    Unused = 5,
    /// <summary>LLAMA_TOKEN_TYPE_BYTE: SentencePiece's <c>&lt;0xHH&gt;</c> byte fallback (not used by gpt2).</summary>
    Byte = 6,
}
