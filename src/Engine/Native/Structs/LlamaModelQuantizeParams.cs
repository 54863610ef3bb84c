using Workbench.Engine.Gguf;
using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct llama_model_quantize_params</c> (llama.h v0.5.0), 64 bytes on x64. Get defaults from
/// <see cref="LlamaNative.llama_model_quantize_default_params"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelQuantizeParams
{
    /// <summary><c>GGML_TYPE_COUNT</c> (43): llama.h's "not set" for the type overrides below.</summary>
    public const GgmlType NotSet = (GgmlType)43;

    /// <summary>Threads for quantizing; &lt;= 0 = hardware concurrency.</summary>
    public int nthread;
    /// <summary>Target file type.</summary>
    public LlamaFtype ftype;
    /// <summary>output.weight type (<see cref="NotSet"/> = default).</summary>
    public GgmlType output_tensor_type;
    /// <summary>Token embedding type (<see cref="NotSet"/> = default).</summary>
    public GgmlType token_embedding_type;
    private byte allow_requantize;
    private byte quantize_output_tensor;
    private byte only_copy;
    private byte pure;
    private byte keep_split;
    private byte dry_run;
    /// <summary><c>const llama_model_imatrix_data*</c>, or NULL.</summary>
    public IntPtr imatrix;
    /// <summary><c>const llama_model_kv_override*</c>, or NULL.</summary>
    public IntPtr kv_overrides;
    /// <summary><c>const llama_model_tensor_override*</c>, or NULL.</summary>
    public IntPtr tt_overrides;
    /// <summary><c>const int32_t*</c>: layer indices to prune, or NULL.</summary>
    public IntPtr prune_layers;
    /// <summary>Maximum bytes of tensor rows kept in memory at once; 0 = default (8 GiB).</summary>
    public nuint max_buf_size;

    /// <summary>allow_requantize: allow quantizing tensors that are not F32/F16.</summary>
    public bool AllowRequantize { readonly get => allow_requantize != 0; set => allow_requantize = value ? (byte)1 : (byte)0; }
    /// <summary>quantize_output_tensor: quantize output.weight.</summary>
    public bool QuantizeOutputTensor { readonly get => quantize_output_tensor != 0; set => quantize_output_tensor = value ? (byte)1 : (byte)0; }
    /// <summary>only_copy: only copy tensors.</summary>
    public bool OnlyCopy { readonly get => only_copy != 0; set => only_copy = value ? (byte)1 : (byte)0; }
    /// <summary>pure: quantize every tensor to the default type.</summary>
    public bool Pure { readonly get => pure != 0; set => pure = value ? (byte)1 : (byte)0; }
    /// <summary>keep_split: keep the number of shards.</summary>
    public bool KeepSplit { readonly get => keep_split != 0; set => keep_split = value ? (byte)1 : (byte)0; }
    /// <summary>dry_run: only compute and report the resulting size.</summary>
    public bool DryRun { readonly get => dry_run != 0; set => dry_run = value ? (byte)1 : (byte)0; }
}
