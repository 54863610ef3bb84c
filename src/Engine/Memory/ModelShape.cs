namespace Workbench.Engine.Memory;

/// <summary>The shape of a decoder-only transformer: what memory sizing needs, as a Hugging Face <c>config.json</c>
/// or a GGUF header states it (<c>FromGguf</c>).</summary>
/// <remarks>Head dimensions are per attention head as the model computes them (for MLA the decompressed per-head
/// dims; the cache is sized from <see cref="Mla"/> instead).</remarks>
public sealed partial record ModelShape
{
    /// <summary>Architecture: GGUF <c>general.architecture</c> (<c>llama</c>, <c>qwen2</c>, <c>qwen3moe</c>,
    /// <c>deepseek2</c>, …).</summary>
    public required string Architecture { get; init; }
    /// <summary>Total parameters (for a GGUF: the sum of its tensors' element counts; for a catalogue model: the
    /// count its model card states, see <see cref="CountParameters"/> for the count the shape implies).</summary>
    public long Parameters { get; init; }
    /// <summary>Transformer blocks (n_layer; HF <c>num_hidden_layers</c>).</summary>
    public int Layers { get; init; }
    /// <summary>Residual width (n_embd; HF <c>hidden_size</c>).</summary>
    public int EmbeddingLength { get; init; }
    /// <summary>Hidden width of a dense MLP (n_ff; HF <c>intermediate_size</c>).</summary>
    public int FeedForwardLength { get; init; }
    /// <summary>Query heads (n_head; HF <c>num_attention_heads</c>).</summary>
    public int HeadCount { get; init; }
    /// <summary>Key/value heads (n_head_kv; HF <c>num_key_value_heads</c>): fewer than <see cref="HeadCount"/> is
    /// grouped-query attention, and the KV cache shrinks by the same factor.</summary>
    public int HeadCountKv { get; init; }
    /// <summary>Key head width (GGUF <c>attention.key_length</c>; HF <c>head_dim</c>, default hidden_size / heads).</summary>
    public int HeadDimK { get; init; }
    /// <summary>Value head width (GGUF <c>attention.value_length</c>).</summary>
    public int HeadDimV { get; init; }
    /// <summary>Context length the model was trained for (n_ctx_train; HF <c>max_position_embeddings</c>).</summary>
    public int ContextLengthTrain { get; init; }
    /// <summary>Vocabulary size (n_vocab; HF <c>vocab_size</c>).</summary>
    public int VocabSize { get; init; }
    /// <summary>Whether the output layer reuses the token embedding matrix (HF <c>tie_word_embeddings</c>).</summary>
    public bool TiedEmbeddings { get; init; }
    /// <summary>Whether q, k, v projections carry biases (Qwen2).</summary>
    public bool AttentionBias { get; init; }
    /// <summary>Whether q and k are RMS-normalised per head (Qwen3).</summary>
    public bool QkNorm { get; init; }
    /// <summary>Mixture-of-experts layout, or null for a dense model.</summary>
    public MixtureOfExperts? Experts { get; init; }
    /// <summary>Multi-head latent attention (DeepSeek-V2), or null for ordinary (grouped-query) attention.</summary>
    public MultiHeadLatentAttention? Mla { get; init; }
}
