namespace Workbench.Engine.Training;

/// <summary>
/// The shape of a small llama-architecture model the workbench trains itself (issue 15): a decoder-only transformer
/// with RMSNorm, rotary position embeddings (llama.cpp's normal mode: adjacent pairs rotated), multi-head attention
/// with as many key/value heads as query heads, a SwiGLU feed-forward block and the output projection tied to the
/// token embedding (no <c>output.weight</c>, which llama.cpp then reads from <c>token_embd.weight</c>).
/// The names follow llama.cpp's GGUF keys (<c>llama.embedding_length</c> = n_embd, <c>llama.block_count</c>, …).
/// </summary>
/// <param name="VocabSize">n_vocab: tokens in the vocabulary.</param>
/// <param name="ContextLength">n_ctx_train: the longest sequence trained on, in tokens.</param>
/// <param name="EmbeddingLength">n_embd: width of the residual stream.</param>
/// <param name="BlockCount">n_layer: transformer blocks.</param>
/// <param name="HeadCount">n_head (= n_head_kv): attention heads; <see cref="EmbeddingLength"/> must divide by it.</param>
/// <param name="FeedForwardLength">n_ff: hidden width of the SwiGLU block.</param>
/// <param name="RopeFreqBase">RoPE θ base (<c>llama.rope.freq_base</c>), 10000 as in LLaMA.</param>
/// <param name="RmsNormEpsilon">ε of RMSNorm (<c>llama.attention.layer_norm_rms_epsilon</c>).</param>
public sealed record TinyLlamaShape(
    int VocabSize,
    int ContextLength,
    int EmbeddingLength,
    int BlockCount,
    int HeadCount,
    int FeedForwardLength,
    float RopeFreqBase = 10000f,
    float RmsNormEpsilon = 1e-5f)
{
    /// <summary>Width of one attention head: <see cref="EmbeddingLength"/> / <see cref="HeadCount"/>.</summary>
    public int HeadDimension => EmbeddingLength / HeadCount;

    /// <summary>Trainable parameters: embedding V·D, per block 4·D² (q, k, v, o) + 3·D·F (gate, up, down) + 2·D
    /// (norms), and the output norm D.</summary>
    public long ParameterCount =>
        (long)VocabSize * EmbeddingLength
        + (long)BlockCount * (4L * EmbeddingLength * EmbeddingLength + 3L * EmbeddingLength * FeedForwardLength + 2L * EmbeddingLength)
        + EmbeddingLength;

    /// <summary>Checks the shape; throws <see cref="ArgumentException"/> naming the bad field.</summary>
    public void Validate()
    {
        if (VocabSize < 16) throw new ArgumentException("VocabSize must be at least 16.", nameof(VocabSize));
        if (ContextLength < 8) throw new ArgumentException("ContextLength must be at least 8.", nameof(ContextLength));
        if (EmbeddingLength < 8 || EmbeddingLength % 8 != 0) throw new ArgumentException("EmbeddingLength must be a multiple of 8.", nameof(EmbeddingLength));
        if (HeadCount < 1 || EmbeddingLength % HeadCount != 0 || HeadDimension % 2 != 0)
            throw new ArgumentException("HeadCount must divide EmbeddingLength into heads of even width.", nameof(HeadCount));
        if (BlockCount < 1) throw new ArgumentException("BlockCount must be at least 1.", nameof(BlockCount));
        if (FeedForwardLength < 8 || FeedForwardLength % 8 != 0) throw new ArgumentException("FeedForwardLength must be a multiple of 8.", nameof(FeedForwardLength));
    }
}

/// <summary>One training example: a token sequence and which positions are targets. Position i with
/// <c>Targets[i]</c> set is predicted from tokens 0..i-1 (so <c>Targets[0]</c> is never used); the loss is the mean
/// next-token cross-entropy over target positions only — for a chat, the assistant's tokens.</summary>
/// <param name="Tokens">Token ids, at most the shape's context length.</param>
/// <param name="Targets">Same length as <paramref name="Tokens"/>: true where the token is to be learned.</param>
public sealed record TrainingSequence(int[] Tokens, bool[] Targets);

/// <summary>One piece of a rendered conversation: its text and whether its tokens are training targets (the
/// assistant's replies, including their closing <c>&lt;|im_end|&gt;</c>; not the role headers, system, user or tool
/// turns). Segments are tokenized one by one, so a target span never merges with the prompt before it.</summary>
/// <param name="Text">The text, special tokens such as <c>&lt;|im_start|&gt;</c> written out.</param>
/// <param name="Train">Whether its tokens count in the loss.</param>
public sealed record ChatSegment(string Text, bool Train);
