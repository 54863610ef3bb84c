namespace Workbench.Engine.Native.Structs;

/// <summary><c>enum llama_vocab_type</c> (llama.h): the tokenizer algorithm of a vocabulary.</summary>
internal enum LlamaVocabType
{
    /// <summary>LLAMA_VOCAB_TYPE_NONE: models without a vocabulary.</summary>
    NONE = 0,
    /// <summary>LLAMA_VOCAB_TYPE_SPM: SentencePiece-style BPE with byte fallback (LLaMA).</summary>
    SPM = 1,
    /// <summary>LLAMA_VOCAB_TYPE_BPE: GPT-2 byte-level BPE.</summary>
    BPE = 2,
    /// <summary>LLAMA_VOCAB_TYPE_WPM: BERT WordPiece.</summary>
    WPM = 3,
    /// <summary>LLAMA_VOCAB_TYPE_UGM: T5 Unigram.</summary>
    UGM = 4,
    /// <summary>LLAMA_VOCAB_TYPE_RWKV: RWKV greedy tokenizer.</summary>
    RWKV = 5,
    /// <summary>LLAMA_VOCAB_TYPE_PLAMO2: PLaMo-2 Aho-Corasick tokenizer.</summary>
    PLAMO2 = 6,
    /// <summary>LLAMA_VOCAB_TYPE_TEST: llama.cpp's dummy test tokenizer.</summary>
    TEST = 7,
}
