using System.Runtime.InteropServices;

namespace Workbench.Engine.Native.Structs;

/// <summary><c>struct llama_model_params</c> (llama.h v0.5.0), 80 bytes on x64. Get defaults from
/// <see cref="LlamaNative.llama_model_default_params"/> and change only what you need.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct LlamaModelParams
{
    /// <summary><c>ggml_backend_dev_t*</c>: NULL-terminated device list, or NULL for all devices.</summary>
    public IntPtr devices;
    /// <summary><c>const llama_model_tensor_buft_override*</c>: NULL-terminated override list, or NULL.</summary>
    public IntPtr tensor_buft_overrides;
    /// <summary>Layers stored in VRAM; negative = all.</summary>
    public int n_gpu_layers;
    /// <summary>How to split the model across GPUs.</summary>
    public LlamaSplitMode split_mode;
    /// <summary>How to load the model (mmap, mlock, direct I/O).</summary>
    public LlamaLoadMode load_mode;
    /// <summary>On-demand reading of tensors.</summary>
    public LlamaLazyMode lazy_mode;
    /// <summary>GPU used for the whole model when <see cref="split_mode"/> is NONE.</summary>
    public int main_gpu;
    /// <summary><c>const float*</c>: proportions per GPU (llama_max_devices entries), or NULL.</summary>
    public IntPtr tensor_split;
    /// <summary><c>llama_progress_callback</c>: <c>bool (*)(float progress, void* user_data)</c>; returning false
    /// aborts the load. NULL to disable.</summary>
    public IntPtr progress_callback;
    /// <summary>User data passed to <see cref="progress_callback"/>.</summary>
    public IntPtr progress_callback_user_data;
    /// <summary><c>const llama_model_kv_override*</c>, or NULL.</summary>
    public IntPtr kv_overrides;
    private byte vocab_only;
    private byte check_tensors;
    private byte use_extra_bufts;
    private byte no_host;
    private byte no_alloc;
    private byte load_mtp;

    /// <summary>vocab_only: only load the vocabulary, no weights.</summary>
    public bool VocabOnly { readonly get => vocab_only != 0; set => vocab_only = value ? (byte)1 : (byte)0; }
    /// <summary>check_tensors: validate model tensor data.</summary>
    public bool CheckTensors { readonly get => check_tensors != 0; set => check_tensors = value ? (byte)1 : (byte)0; }
    /// <summary>use_extra_bufts: use extra buffer types (weight repacking).</summary>
    public bool UseExtraBufts { readonly get => use_extra_bufts != 0; set => use_extra_bufts = value ? (byte)1 : (byte)0; }
    /// <summary>no_host: bypass the host buffer.</summary>
    public bool NoHost { readonly get => no_host != 0; set => no_host = value ? (byte)1 : (byte)0; }
    /// <summary>no_alloc: only load metadata and simulate allocations.</summary>
    public bool NoAlloc { readonly get => no_alloc != 0; set => no_alloc = value ? (byte)1 : (byte)0; }
    /// <summary>load_mtp: load multi-token-prediction layers.</summary>
    public bool LoadMtp { readonly get => load_mtp != 0; set => load_mtp = value ? (byte)1 : (byte)0; }
}
