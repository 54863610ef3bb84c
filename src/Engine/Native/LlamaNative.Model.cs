using System.Runtime.InteropServices;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native;

// llama.h: model loading and model queries. Every llama_model* / llama_vocab* is an IntPtr here.
internal static unsafe partial class LlamaNative
{
    /// <summary>Default model parameters.</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaModelParams llama_model_default_params();

    /// <summary>Loads a GGUF; returns the <c>llama_model*</c> (free with <see cref="llama_model_free"/>) or NULL on
    /// failure (the reason is logged through llama_log_set).</summary>
    [LibraryImport(LibLlama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial IntPtr llama_model_load_from_file(string path_model, LlamaModelParams @params);

    /// <summary>Frees a model.</summary>
    [LibraryImport(LibLlama)]
    internal static partial void llama_model_free(IntPtr model);

    /// <summary>The model's vocabulary (<c>const llama_vocab*</c>), owned by the model.</summary>
    [LibraryImport(LibLlama)]
    internal static partial IntPtr llama_model_get_vocab(IntPtr model);

    /// <summary>Context length the model was trained with.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_ctx_train(IntPtr model);

    /// <summary>Embedding width.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_embd(IntPtr model);

    /// <summary>Number of layers.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_layer(IntPtr model);

    /// <summary>Attention heads.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_head(IntPtr model);

    /// <summary>Key/value heads.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_head_kv(IntPtr model);

    /// <summary>Sliding-window attention size (0 = none).</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_n_swa(IntPtr model);

    /// <summary>Number of parameters.</summary>
    [LibraryImport(LibLlama)]
    internal static partial ulong llama_model_n_params(IntPtr model);

    /// <summary>Total bytes of all tensors.</summary>
    [LibraryImport(LibLlama)]
    internal static partial ulong llama_model_size(IntPtr model);

    /// <summary>Writes a description such as "llama ?B Q8_0" into <paramref name="buf"/>; returns its length.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_desc(IntPtr model, byte* buf, nuint buf_size);

    /// <summary>The model file type (quantization).</summary>
    [LibraryImport(LibLlama)]
    internal static partial LlamaFtype llama_model_ftype(IntPtr model);

    /// <summary>Name of a file type, e.g. "Q8_0" or "Q4_K - Medium"; borrowed.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_ftype_name(LlamaFtype ftype);

    /// <summary>Number of GGUF metadata key/value pairs.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_meta_count(IntPtr model);

    /// <summary>Key <paramref name="i"/> into <paramref name="buf"/> (NUL-terminated); returns its length or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_meta_key_by_index(IntPtr model, int i, byte* buf, nuint buf_size);

    /// <summary>Value <paramref name="i"/> as text into <paramref name="buf"/>; returns its length or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_meta_val_str_by_index(IntPtr model, int i, byte* buf, nuint buf_size);

    /// <summary>Value of <paramref name="key"/> as text into <paramref name="buf"/>; returns its length or −1 when absent.</summary>
    [LibraryImport(LibLlama, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int llama_model_meta_val_str(IntPtr model, string key, byte* buf, nuint buf_size);

    /// <summary>The GGUF's chat template (<paramref name="name"/> NULL = default); borrowed, NULL when absent.</summary>
    [LibraryImport(LibLlama)]
    internal static partial byte* llama_model_chat_template(IntPtr model, byte* name);

    /// <summary>Whether the model has an encoder (needs llama_encode).</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_encoder(IntPtr model);

    /// <summary>Whether the model has a decoder (uses llama_decode).</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_has_decoder(IntPtr model);

    /// <summary>Whether the model is recurrent (Mamba, RWKV, ...).</summary>
    [LibraryImport(LibLlama)]
    [return: MarshalAs(UnmanagedType.U1)]
    internal static partial bool llama_model_is_recurrent(IntPtr model);

    /// <summary>Decoder start token of encoder-decoder models, or −1.</summary>
    [LibraryImport(LibLlama)]
    internal static partial int llama_model_decoder_start_token(IntPtr model);
}
