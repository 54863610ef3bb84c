using Workbench.Engine.Gguf;
using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct llama_context_params</c> (llama.h v0.5.0), 160 bytes on x64. Get defaults from
/// <see cref="LlamaNative.llama_context_default_params"/> and change only what you need.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaContextParams
{
    /// <summary>Text context in tokens (all sequences together); 0 = from model.</summary>
    public uint n_ctx;
    /// <summary>Logical maximum batch submitted to llama_decode.</summary>
    public uint n_batch;
    /// <summary>Physical maximum batch.</summary>
    public uint n_ubatch;
    /// <summary>Maximum number of sequences.</summary>
    public uint n_seq_max;
    /// <summary>Recurrent-state snapshots per sequence (experimental).</summary>
    public uint n_rs_seq;
    /// <summary>Maximum outputs in a ubatch (0 = n_batch).</summary>
    public uint n_outputs_max;
    /// <summary>Maximum outputs per sequence (0 = n_outputs_max).</summary>
    public uint n_outputs_max_per_seq;
    /// <summary>Threads for generation.</summary>
    public int n_threads;
    /// <summary>Threads for batch (prompt) processing.</summary>
    public int n_threads_batch;
    /// <summary>Context type (default or MTP).</summary>
    public LlamaContextType ctx_type;
    /// <summary>RoPE scaling type.</summary>
    public LlamaRopeScalingType rope_scaling_type;
    /// <summary>Pooling of embeddings.</summary>
    public LlamaPoolingType pooling_type;
    /// <summary>Attention type for embeddings.</summary>
    public LlamaAttentionType attention_type;
    /// <summary>When to enable Flash Attention.</summary>
    public LlamaFlashAttnType flash_attn_type;
    /// <summary>RoPE base frequency, 0 = from model.</summary>
    public float rope_freq_base;
    /// <summary>RoPE frequency scaling factor, 0 = from model.</summary>
    public float rope_freq_scale;
    /// <summary>YaRN extrapolation mix factor, negative = from model.</summary>
    public float yarn_ext_factor;
    /// <summary>YaRN magnitude scaling factor.</summary>
    public float yarn_attn_factor;
    /// <summary>YaRN low correction dim.</summary>
    public float yarn_beta_fast;
    /// <summary>YaRN high correction dim.</summary>
    public float yarn_beta_slow;
    /// <summary>YaRN original context size.</summary>
    public uint yarn_orig_ctx;
    /// <summary>Deprecated KV defragmentation threshold.</summary>
    public float defrag_thold;
    /// <summary><c>ggml_backend_sched_eval_callback</c>, or NULL.</summary>
    public IntPtr cb_eval;
    /// <summary>User data of <see cref="cb_eval"/>.</summary>
    public IntPtr cb_eval_user_data;
    /// <summary>K cache data type (experimental).</summary>
    public GgmlType type_k;
    /// <summary>V cache data type (experimental).</summary>
    public GgmlType type_v;
    /// <summary><c>ggml_abort_callback</c>: <c>bool (*)(void* data)</c>; returning true aborts llama_decode. NULL to disable.</summary>
    public IntPtr abort_callback;
    /// <summary>User data of <see cref="abort_callback"/>.</summary>
    public IntPtr abort_callback_data;
    private byte embeddings;
    private byte offload_kqv;
    private byte no_perf;
    private byte op_offload;
    private byte swa_full;
    private byte kv_unified;
    /// <summary><c>llama_sampler_seq_config*</c>: backend sampler chains (experimental), or NULL.</summary>
    public IntPtr samplers;
    /// <summary>Entries in <see cref="samplers"/>.</summary>
    public nuint n_samplers;
    /// <summary><c>llama_context*</c>: a source/target/parent context, or NULL.</summary>
    public IntPtr ctx_other;

    /// <summary>embeddings: extract embeddings together with logits.</summary>
    public bool Embeddings { readonly get => embeddings != 0; set => embeddings = value ? (byte)1 : (byte)0; }
    /// <summary>offload_kqv: offload the KQV ops and KV cache to the GPU.</summary>
    public bool OffloadKqv { readonly get => offload_kqv != 0; set => offload_kqv = value ? (byte)1 : (byte)0; }
    /// <summary>no_perf: do not measure performance timings.</summary>
    public bool NoPerf { readonly get => no_perf != 0; set => no_perf = value ? (byte)1 : (byte)0; }
    /// <summary>op_offload: offload host tensor operations to the device.</summary>
    public bool OpOffload { readonly get => op_offload != 0; set => op_offload = value ? (byte)1 : (byte)0; }
    /// <summary>swa_full: use a full-size SWA cache.</summary>
    public bool SwaFull { readonly get => swa_full != 0; set => swa_full = value ? (byte)1 : (byte)0; }
    /// <summary>kv_unified: one KV buffer shared by all sequences.</summary>
    public bool KvUnified { readonly get => kv_unified != 0; set => kv_unified = value ? (byte)1 : (byte)0; }
}
