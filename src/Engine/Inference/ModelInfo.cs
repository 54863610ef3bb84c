using System.Text.Json.Serialization;

namespace Workbench.Engine.Inference;

/// <summary>Metadata of a loaded GGUF model, read through llama.cpp (<c>llama_model_*</c>, <c>llama_vocab_*</c>,
/// <c>llama_model_meta_*</c>).</summary>
public sealed record ModelInfo
{
    /// <summary>Full path of the GGUF file.</summary>
    public required string Path { get; init; }
    /// <summary>File name, used as the model id in the API (OpenAI <c>model</c>).</summary>
    public required string Id { get; init; }
    /// <summary><c>general.architecture</c>, for example <c>llama</c>.</summary>
    public required string Architecture { get; init; }
    /// <summary><c>general.name</c>, or null.</summary>
    public string? Name { get; init; }
    /// <summary>llama.cpp's model description, for example <c>llama ?B Q8_0</c> (<c>llama_model_desc</c>).</summary>
    public required string Description { get; init; }
    /// <summary>Number of parameters (<c>llama_model_n_params</c>).</summary>
    public long ParameterCount { get; init; }
    /// <summary>File type / quantization, for example <c>Q8_0</c> or <c>F32</c> (from <c>general.file_type</c>).</summary>
    public required string FileType { get; init; }
    /// <summary>Size of the file on disk in bytes.</summary>
    public long SizeInBytes { get; init; }
    /// <summary>Context length the model was trained with (n_ctx_train).</summary>
    public int ContextLengthTrain { get; init; }
    /// <summary>Embedding width (n_embd).</summary>
    public int EmbeddingLength { get; init; }
    /// <summary>Transformer blocks (n_layer).</summary>
    public int LayerCount { get; init; }
    /// <summary>Attention heads (n_head).</summary>
    public int HeadCount { get; init; }
    /// <summary>Key/value heads (n_head_kv); fewer than n_head means grouped-query attention.</summary>
    public int HeadCountKv { get; init; }
    /// <summary>Vocabulary type: <c>SPM</c>, <c>BPE</c>, <c>WPM</c>, <c>UGM</c>, <c>RWKV</c>, <c>PLAMO2</c> or <c>none</c>.</summary>
    public required string VocabType { get; init; }
    /// <summary>Tokens in the vocabulary (n_vocab).</summary>
    public int VocabSize { get; init; }
    /// <summary>Beginning-of-sequence token id, or −1.</summary>
    public int BosToken { get; init; }
    /// <summary>End-of-sequence token id, or −1.</summary>
    public int EosToken { get; init; }
    /// <summary>Text of the BOS token (<c>llama_vocab_get_text</c>; the template's <c>bos_token</c>), or null.</summary>
    public string? BosText { get; init; }
    /// <summary>Text of the EOS token (the template's <c>eos_token</c>), or null.</summary>
    public string? EosText { get; init; }
    /// <summary>The GGUF's own chat template (<c>tokenizer.chat_template</c>), or null when it has none.</summary>
    public string? ChatTemplate { get; init; }
    /// <summary>The tool-call format its prompts are rendered in when tools are given: <c>Engine:ToolCallFormat</c>
    /// when set, else detected from <see cref="ChatTemplate"/> (<c>ToolCallFormatDetector</c>; null when the template
    /// renders none of the four), else, for a model without a template, <see cref="Tools.ToolCallFormat.Hermes"/>
    /// (the engine's built-in ChatML + Hermes template).</summary>
    [JsonConverter(typeof(JsonStringEnumConverter<Tools.ToolCallFormat>))]
    public Tools.ToolCallFormat? ToolCallFormat { get; init; }
    /// <summary>Whether the GGUF carries its own chat template.</summary>
    public bool HasChatTemplate => ChatTemplate is not null;
    /// <summary>The context window per sequence this engine created (n_ctx / parallel sequences).</summary>
    public int ContextSize { get; init; }
    /// <summary>Sequences (slots) the context's KV cache is split into (<c>EngineOptions.ParallelSequences</c>); each
    /// has <see cref="ContextSize"/> cells.</summary>
    public int ParallelSequences { get; init; } = 1;
    /// <summary>The KV cache's element type, llama-server's spelling (<c>f16</c>, <c>q8_0</c>, <c>q4_0</c>).</summary>
    public string KvCacheType { get; init; } = "f16";
    /// <summary>llama.cpp's memory report of this load (weights, KV cache, output and compute buffers as it logged
    /// them), or null when not captured.</summary>
    public Memory.LlamaMemoryReport? MemoryReport { get; init; }
    /// <summary>Every GGUF key/value pair as llama.cpp renders it (arrays abbreviated by llama.cpp), sorted by key
    /// (llama.cpp keeps them in an unordered map).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata { get; init; } = [];
}
