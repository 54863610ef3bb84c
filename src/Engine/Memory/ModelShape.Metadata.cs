using System.Globalization;

namespace Workbench.Engine.Memory;

// Reading a shape from GGUF key/value metadata (the keys llama.cpp's llm_load_hparams reads: src/llama-arch.cpp
// LLM_KV_NAMES, "<arch>.block_count" and friends).
public sealed partial record ModelShape
{
    /// <summary>Builds a shape from GGUF metadata: the pairs <c>ModelInfo.Metadata</c> carries (llama.cpp's rendering)
    /// or a GGUF header's. Keys are <c>general.architecture</c> and <c>&lt;arch&gt;.block_count</c>,
    /// <c>.embedding_length</c>, <c>.feed_forward_length</c>, <c>.context_length</c>, <c>.vocab_size</c>,
    /// <c>.attention.head_count</c>, <c>.attention.head_count_kv</c> (default head_count), <c>.attention.key_length</c>
    /// and <c>.value_length</c> (default n_embd / n_head); MoE: <c>.expert_count</c>, <c>.expert_used_count</c>,
    /// <c>.expert_feed_forward_length</c>, <c>.expert_shared_count</c>, <c>.leading_dense_block_count</c>; MLA:
    /// <c>.attention.kv_lora_rank</c>, <c>.attention.q_lora_rank</c>, <c>.attention.key_length_mla</c>,
    /// <c>.attention.value_length_mla</c> (the converter stores the cache view in key_length = kv_lora_rank + rope).
    /// A per-layer array value takes its largest element.</summary>
    /// <param name="metadata">Key/value pairs, values as text.</param>
    /// <param name="parameters">Total parameters (the tensors' element count).</param>
    /// <param name="vocabSize">Vocabulary size when the metadata has no <c>.vocab_size</c> (the token list's length).</param>
    /// <exception cref="InvalidDataException"><c>general.architecture</c>, the block count, the embedding length or the
    /// head count is missing or not a number.</exception>
    public static ModelShape FromMetadata(IEnumerable<KeyValuePair<string, string>> metadata, long parameters, int vocabSize = 0)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in metadata) keys[key] = value;
        string arch = keys.TryGetValue("general.architecture", out var a) && a.Length > 0
            ? a : throw new InvalidDataException("The GGUF metadata has no general.architecture.");

        int? Get(string suffix) => keys.TryGetValue($"{arch}.{suffix}", out var text) ? ParseInt(text) : null;
        int Require(string suffix) => Get(suffix) ?? throw new InvalidDataException($"The GGUF metadata lacks {arch}.{suffix}.");

        int layers = Require("block_count"), embd = Require("embedding_length"), heads = Require("attention.head_count");
        int headsKv = Get("attention.head_count_kv") ?? heads;
        int keyLength = Get("attention.key_length") ?? embd / heads;
        int valueLength = Get("attention.value_length") ?? embd / heads;

        MixtureOfExperts? experts = Get("expert_count") is > 0 and int count
            ? new MixtureOfExperts(count, Get("expert_used_count") ?? 0, Get("expert_feed_forward_length") ?? 0,
                Get("expert_shared_count") ?? 0, Get("leading_dense_block_count") ?? 0)
            : null;

        MultiHeadLatentAttention? mla = null;
        if (Get("attention.kv_lora_rank") is > 0 and int kvLora)
        {
            int rope = keyLength - kvLora;
            int headK = Get("attention.key_length_mla") ?? keyLength;
            int headV = Get("attention.value_length_mla") ?? valueLength;
            mla = new MultiHeadLatentAttention(kvLora, rope, headK - rope, headV, Get("attention.q_lora_rank") ?? 0);
            (headsKv, keyLength, valueLength) = (heads, headK, headV); // the decompressed per-head view
        }

        return new ModelShape
        {
            Architecture = arch,
            Parameters = parameters,
            Layers = layers,
            EmbeddingLength = embd,
            FeedForwardLength = Get("feed_forward_length") ?? 0,
            HeadCount = heads,
            HeadCountKv = headsKv,
            HeadDimK = keyLength,
            HeadDimV = valueLength,
            ContextLengthTrain = Get("context_length") ?? 0,
            VocabSize = Get("vocab_size") ?? vocabSize,
            Experts = experts,
            Mla = mla,
        };
    }

    /// <summary>A number, or the largest of an array rendered as <c>[a, b, …]</c>; null when neither.</summary>
    private static int? ParseInt(string text)
    {
        var trimmed = text.Trim().TrimStart('[').TrimEnd(']');
        int? best = null;
        foreach (var part in trimmed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (part == "...") continue;
            if (!long.TryParse(part, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value)) return null;
            best = (int)Math.Max(best ?? int.MinValue, Math.Min(value, int.MaxValue));
        }
        return best;
    }
}
