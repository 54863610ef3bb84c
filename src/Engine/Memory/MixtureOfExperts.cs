namespace Workbench.Engine.Memory;

/// <summary>The mixture-of-experts part of a <see cref="ModelShape"/>: each MoE layer's feed-forward block is
/// <see cref="Count"/> expert MLPs of which a router picks <see cref="Active"/> per token (plus
/// <see cref="Shared"/> experts every token uses). All experts must be resident in memory; only the active ones are
/// read per token, so MoE costs the memory of its total parameters and the bandwidth of its active ones.</summary>
/// <param name="Count">Routed experts per MoE layer (HF <c>num_experts</c> / <c>n_routed_experts</c>; GGUF
/// <c>&lt;arch&gt;.expert_count</c>).</param>
/// <param name="Active">Experts used per token (HF <c>num_experts_per_tok</c>; GGUF <c>expert_used_count</c>).</param>
/// <param name="FeedForwardLength">Hidden width of one expert MLP (HF <c>moe_intermediate_size</c>; GGUF
/// <c>expert_feed_forward_length</c>).</param>
/// <param name="Shared">Shared experts (always active) per MoE layer, each of <paramref name="FeedForwardLength"/>
/// (HF <c>n_shared_experts</c>; GGUF <c>expert_shared_count</c>); 0 for Qwen3-MoE.</param>
/// <param name="LeadingDenseLayers">Leading layers with a dense MLP instead of experts (HF
/// <c>first_k_dense_replace</c>; GGUF <c>leading_dense_block_count</c>).</param>
public sealed record MixtureOfExperts(int Count, int Active, int FeedForwardLength, int Shared = 0, int LeadingDenseLayers = 0);
