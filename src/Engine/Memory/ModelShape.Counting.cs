namespace Workbench.Engine.Memory;

// Parameters implied by the shape: the tensors of a llama-family decoder as llama.cpp's llm_build_* graphs
// create them (src/models/llama.cpp, qwen2.cpp, qwen3moe.cpp, deepseek2.cpp load_arch_tensors).
public sealed partial record ModelShape
{
    /// <summary>Parameters the shape implies, counted tensor by tensor: token embeddings (n_vocab × n_embd), the
    /// output layer (the same again unless tied), the final norm, and per block two norms, attention and the MLP.
    /// Attention: q = n_embd × n_head·d_k, k = n_embd × n_head_kv·d_k, v = n_embd × n_head_kv·d_v,
    /// o = n_head·d_v × n_embd (+ biases, + q/k norms); MLA (DeepSeek-V2): q (through q_lora_rank when set),
    /// kv_a = n_embd × (kv_lora_rank + rope), its norm, kv_b = kv_lora_rank × n_head·(nope + d_v), o. MLP:
    /// gate, up, down = 3 × n_embd × n_ff; an MoE block has a router (n_embd × experts) and 3 × n_embd × n_ff_exp
    /// per routed and shared expert.</summary>
    /// <returns>The total count (every expert included).</returns>
    public long CountParameters() => Count(activeOnly: false);

    /// <summary>Parameters one token uses: <see cref="CountParameters"/> with each MoE block's routed experts
    /// replaced by the <see cref="MixtureOfExperts.Active"/> ones it is routed to. Equals the total for a dense model.</summary>
    public long CountActiveParameters() => Count(activeOnly: true);

    /// <summary>Parameters in routed experts (all of them), 0 for a dense model: the part of the weights that MoE
    /// keeps resident but reads only <see cref="MixtureOfExperts.Active"/>/<see cref="MixtureOfExperts.Count"/> of per token.</summary>
    public long CountRoutedExpertParameters() =>
        Experts is { } moe ? (long)MoeLayers * moe.Count * ExpertMlp(moe) : 0;

    private int MoeLayers => Experts is { } moe ? Layers - moe.LeadingDenseLayers : 0;

    private long ExpertMlp(MixtureOfExperts moe) => 3L * EmbeddingLength * moe.FeedForwardLength;

    private long Count(bool activeOnly)
    {
        long d = EmbeddingLength;
        long total = (long)VocabSize * d * (TiedEmbeddings ? 1 : 2) + d;
        long perBlock = 2 * d + Attention();
        total += Layers * perBlock;
        int denseLayers = Layers - MoeLayers;
        total += denseLayers * 3L * d * FeedForwardLength;
        if (Experts is { } moe)
        {
            int experts = activeOnly ? moe.Active : moe.Count;
            total += MoeLayers * (d * moe.Count + (long)(experts + moe.Shared) * ExpertMlp(moe));
        }
        return total;
    }

    private long Attention()
    {
        long d = EmbeddingLength;
        if (Mla is { } mla)
        {
            long qHead = mla.NopeHeadDim + mla.RopeHeadDim;
            long q = mla.QLoraRank > 0
                ? d * mla.QLoraRank + mla.QLoraRank + (long)mla.QLoraRank * HeadCount * qHead
                : d * HeadCount * qHead;
            long kvA = d * (mla.KvLoraRank + mla.RopeHeadDim) + mla.KvLoraRank;
            long kvB = (long)mla.KvLoraRank * HeadCount * (mla.NopeHeadDim + mla.ValueHeadDim);
            long o = (long)HeadCount * mla.ValueHeadDim * d;
            return q + kvA + kvB + o;
        }
        long qDim = (long)HeadCount * HeadDimK, kDim = (long)HeadCountKv * HeadDimK, vDim = (long)HeadCountKv * HeadDimV;
        long weights = d * (qDim + kDim + vDim) + (long)HeadCount * HeadDimV * d;
        long biases = AttentionBias ? qDim + kDim + vDim : 0;
        long norms = QkNorm ? 2L * HeadDimK : 0;
        return weights + biases + norms;
    }
}
