namespace Workbench.Engine.Memory;

/// <summary>DeepSeek-V2's multi-head latent attention (MLA; DeepSeek-V2 paper, arXiv:2405.04434 §2.1): keys and values
/// are compressed into one latent vector of <see cref="KvLoraRank"/> values per token, plus a shared rotary key of
/// <see cref="RopeHeadDim"/>; the per-head keys and values are decompressed from it when attention runs.</summary>
/// <remarks>What the KV cache holds: llama.cpp's converter writes MLA models as multi-query attention with one "head"
/// of key length <c>kv_lora_rank + qk_rope_head_dim</c> (576 for DeepSeek-V2) and value length <c>kv_lora_rank</c>
/// (<c>conversion/deepseek.py</c>), and <c>llama_kv_cache</c> allocates no V tensor when <c>hparams.is_mla()</c>
/// (the V view is taken from the K cache), so a token costs 576 elements per layer, where plain multi-head
/// attention with 128 heads would cache 128 × (192 + 128) = 40,960: 71 times less.</remarks>
/// <param name="KvLoraRank">Latent width (HF <c>kv_lora_rank</c>; GGUF <c>attention.kv_lora_rank</c>).</param>
/// <param name="RopeHeadDim">Rotary part of each key head (HF <c>qk_rope_head_dim</c>).</param>
/// <param name="NopeHeadDim">Non-rotary part of each key head (HF <c>qk_nope_head_dim</c>).</param>
/// <param name="ValueHeadDim">Value head width (HF <c>v_head_dim</c>).</param>
/// <param name="QLoraRank">Query compression width (HF <c>q_lora_rank</c>); 0 = queries are not compressed (the Lite
/// models).</param>
public sealed record MultiHeadLatentAttention(int KvLoraRank, int RopeHeadDim, int NopeHeadDim, int ValueHeadDim, int QLoraRank = 0)
{
    /// <summary>Elements cached per token per layer: <c>kv_lora_rank + qk_rope_head_dim</c>.</summary>
    public int CachedElementsPerToken => KvLoraRank + RopeHeadDim;
}
