using Workbench.Engine.Gguf;

namespace Workbench.Engine.Training;

/// <summary>
/// How a <see cref="TinyLlamaShape"/> model is laid out in GGUF for llama.cpp's <c>llama</c> architecture: the
/// model metadata keys (<c>llama.*</c>, as <c>llm_load_hparams</c> in src/llama-model.cpp reads them) and the tensor
/// names and ggml shapes (<c>LLM_TENSOR_NAMES</c> in src/llama-arch.cpp). Shapes are ggml's ne[] order: ne[0] is
/// the contiguous dimension, so a weight <c>[n_in, n_out]</c> holds n_out rows of n_in floats and computes
/// y = W·x with x of length n_in. The output projection is tied: no <c>output.weight</c> is written, and llama.cpp
/// then uses <c>token_embd.weight</c> (its "duplicated" tensor fallback).
/// </summary>
public static class TinyLlamaGgufLayout
{
    /// <summary>Writes the model metadata: <c>general.architecture = llama</c> (first, if the writer has no keys
    /// yet), <c>general.name</c>, <c>general.file_type</c> (0: all F32), and <c>llama.context_length</c>,
    /// <c>.embedding_length</c>, <c>.block_count</c>, <c>.feed_forward_length</c>, <c>.attention.head_count</c>,
    /// <c>.attention.head_count_kv</c> (= head_count), <c>.rope.dimension_count</c> (the head width),
    /// <c>.rope.freq_base</c>, <c>.attention.layer_norm_rms_epsilon</c> and <c>.vocab_size</c>. The tokenizer keys
    /// are written separately (<c>BpeVocabulary.WriteTo</c>).</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="shape">The model shape; validated.</param>
    /// <param name="name">The model's display name (<c>general.name</c>).</param>
    /// <param name="fileType">Value of <c>general.file_type</c> (llama_ftype): 0 = all F32, 1 = mostly F16.</param>
    /// <exception cref="ArgumentException">The shape is invalid (<see cref="TinyLlamaShape.Validate"/>) or the name
    /// is empty.</exception>
    public static void WriteModelMetadata(GgufWriter writer, TinyLlamaShape shape, string name, uint fileType = 0)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        shape.Validate();
        writer.Set("general.architecture", "llama");
        writer.Set("general.name", name);
        writer.Set("general.file_type", fileType);
        writer.Set("llama.context_length", (uint)shape.ContextLength);
        writer.Set("llama.embedding_length", (uint)shape.EmbeddingLength);
        writer.Set("llama.block_count", (uint)shape.BlockCount);
        writer.Set("llama.feed_forward_length", (uint)shape.FeedForwardLength);
        writer.Set("llama.attention.head_count", (uint)shape.HeadCount);
        writer.Set("llama.attention.head_count_kv", (uint)shape.HeadCount);
        writer.Set("llama.rope.dimension_count", (uint)shape.HeadDimension);
        writer.Set("llama.rope.freq_base", shape.RopeFreqBase);
        writer.Set("llama.attention.layer_norm_rms_epsilon", shape.RmsNormEpsilon);
        writer.Set("llama.vocab_size", (uint)shape.VocabSize);
    }

    /// <summary>Every tensor of the model in the conventional file order, with its ggml shape: the embedding
    /// <c>token_embd.weight</c> [n_embd, n_vocab]; per block <c>blk.N.attn_norm.weight</c> [n_embd],
    /// <c>attn_q</c>/<c>attn_k</c>/<c>attn_v</c>/<c>attn_output.weight</c> [n_embd, n_embd],
    /// <c>ffn_norm.weight</c> [n_embd], <c>ffn_gate</c>/<c>ffn_up.weight</c> [n_embd, n_ff],
    /// <c>ffn_down.weight</c> [n_ff, n_embd]; then <c>output_norm.weight</c> [n_embd].</summary>
    /// <exception cref="ArgumentException">The shape is invalid.</exception>
    public static IReadOnlyList<(string Name, long[] Ne)> Tensors(TinyLlamaShape shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        shape.Validate();
        long d = shape.EmbeddingLength, f = shape.FeedForwardLength;
        var list = new List<(string, long[])> { (TensorNames.TokenEmbedding, [d, shape.VocabSize]) };
        for (int b = 0; b < shape.BlockCount; b++)
        {
            list.Add((TensorNames.AttentionNorm(b), [d]));
            list.Add((TensorNames.AttentionQuery(b), [d, d]));
            list.Add((TensorNames.AttentionKey(b), [d, d]));
            list.Add((TensorNames.AttentionValue(b), [d, d]));
            list.Add((TensorNames.AttentionOutput(b), [d, d]));
            list.Add((TensorNames.FeedForwardNorm(b), [d]));
            list.Add((TensorNames.FeedForwardGate(b), [d, f]));
            list.Add((TensorNames.FeedForwardUp(b), [d, f]));
            list.Add((TensorNames.FeedForwardDown(b), [f, d]));
        }
        list.Add((TensorNames.OutputNorm, [d]));
        return list;
    }

    /// <summary>llama.cpp's tensor names for the llama architecture (src/llama-arch.cpp).</summary>
    public static class TensorNames
    {
        /// <summary><c>token_embd.weight</c>: [n_embd, n_vocab], one row per token; also the tied output.</summary>
        public const string TokenEmbedding = "token_embd.weight";

        /// <summary><c>output_norm.weight</c>: [n_embd], the final RMSNorm's gain.</summary>
        public const string OutputNorm = "output_norm.weight";

        /// <summary><c>blk.N.attn_norm.weight</c>: [n_embd].</summary>
        public static string AttentionNorm(int block) => $"blk.{block}.attn_norm.weight";

        /// <summary><c>blk.N.attn_q.weight</c>: [n_embd, n_embd].</summary>
        public static string AttentionQuery(int block) => $"blk.{block}.attn_q.weight";

        /// <summary><c>blk.N.attn_k.weight</c>: [n_embd, n_embd].</summary>
        public static string AttentionKey(int block) => $"blk.{block}.attn_k.weight";

        /// <summary><c>blk.N.attn_v.weight</c>: [n_embd, n_embd].</summary>
        public static string AttentionValue(int block) => $"blk.{block}.attn_v.weight";

        /// <summary><c>blk.N.attn_output.weight</c>: [n_embd, n_embd].</summary>
        public static string AttentionOutput(int block) => $"blk.{block}.attn_output.weight";

        /// <summary><c>blk.N.ffn_norm.weight</c>: [n_embd].</summary>
        public static string FeedForwardNorm(int block) => $"blk.{block}.ffn_norm.weight";

        /// <summary><c>blk.N.ffn_gate.weight</c>: [n_embd, n_ff].</summary>
        public static string FeedForwardGate(int block) => $"blk.{block}.ffn_gate.weight";

        /// <summary><c>blk.N.ffn_up.weight</c>: [n_embd, n_ff].</summary>
        public static string FeedForwardUp(int block) => $"blk.{block}.ffn_up.weight";

        /// <summary><c>blk.N.ffn_down.weight</c>: [n_ff, n_embd].</summary>
        public static string FeedForwardDown(int block) => $"blk.{block}.ffn_down.weight";
    }
}
