using System.Runtime.InteropServices;
using System.Text;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Native.Handles;

// The llama_model_* queries: sizes, description, GGUF key/values, the chat template text.
internal sealed unsafe partial class SafeLlamaModelHandle
{
    private delegate int NativeStringReader(IntPtr model, byte* buffer, nuint size);

    /// <summary>Context length the model was trained with (<c>llama_model_n_ctx_train</c>).</summary>
    public int ContextLengthTrain { get { using var b = Borrow(); return LlamaNative.llama_model_n_ctx_train(b.Model); } }

    /// <summary>Embedding width (<c>llama_model_n_embd</c>).</summary>
    public int EmbeddingLength { get { using var b = Borrow(); return LlamaNative.llama_model_n_embd(b.Model); } }

    /// <summary>Layer count (<c>llama_model_n_layer</c>); may be 0 for a vocabulary-only GGUF.</summary>
    public int LayerCount { get { using var b = Borrow(); return LlamaNative.llama_model_n_layer(b.Model); } }

    /// <summary>Attention heads of layer 0 (<c>llama_model_n_head</c>). Only when <see cref="LayerCount"/> &gt; 0:
    /// llama.cpp aborts the process otherwise.</summary>
    public int HeadCount { get { using var b = Borrow(); return LlamaNative.llama_model_n_head(b.Model); } }

    /// <summary>KV heads of layer 0 (<c>llama_model_n_head_kv</c>). Only when <see cref="LayerCount"/> &gt; 0.</summary>
    public int HeadCountKv { get { using var b = Borrow(); return LlamaNative.llama_model_n_head_kv(b.Model); } }

    /// <summary>Parameter count (<c>llama_model_n_params</c>).</summary>
    public ulong ParameterCount { get { using var b = Borrow(); return LlamaNative.llama_model_n_params(b.Model); } }

    /// <summary>Bytes of all weight tensors as loaded (<c>llama_model_size</c>: the sum of <c>ggml_nbytes</c> over
    /// the tensors), without the GGUF header and metadata.</summary>
    public ulong TensorBytes { get { using var b = Borrow(); return LlamaNative.llama_model_size(b.Model); } }

    /// <summary>llama.cpp's file-type guess (<c>llama_model_ftype</c>), possibly with <see cref="LlamaFtype.GUESSED"/> set.</summary>
    public LlamaFtype FileType { get { using var b = Borrow(); return LlamaNative.llama_model_ftype(b.Model); } }

    /// <summary>llama.cpp's one-line description (<c>llama_model_desc</c>), or null.</summary>
    public string? Description() => ReadString(static (m, p, n) => LlamaNative.llama_model_desc(m, p, n));

    /// <summary>Number of GGUF metadata pairs (<c>llama_model_meta_count</c>).</summary>
    public int MetadataCount { get { using var b = Borrow(); return LlamaNative.llama_model_meta_count(b.Model); } }

    /// <summary>Key of metadata pair <paramref name="index"/> (<c>llama_model_meta_key_by_index</c>), or null.</summary>
    public string? MetadataKey(int index) => ReadString((m, p, n) => LlamaNative.llama_model_meta_key_by_index(m, index, p, n));

    /// <summary>Value of metadata pair <paramref name="index"/> as llama.cpp renders it (<c>llama_model_meta_val_str_by_index</c>), or null.</summary>
    public string? MetadataValue(int index) => ReadString((m, p, n) => LlamaNative.llama_model_meta_val_str_by_index(m, index, p, n));

    /// <summary>The value of GGUF key <paramref name="key"/> as text (<c>llama_model_meta_val_str</c>), or null when absent.</summary>
    public string? MetadataValue(string key) => ReadString((m, p, n) => LlamaNative.llama_model_meta_val_str(m, key, p, n));

    /// <summary>The GGUF's own chat template (<c>llama_model_chat_template(model, NULL)</c>) as NUL-terminated UTF-8
    /// bytes, copied, or null when it has none.</summary>
    public byte[]? ChatTemplateUtf8Z()
    {
        using var b = Borrow();
        byte* text = LlamaNative.llama_model_chat_template(b.Model, null);
        if (text is null) return null;
        var length = MemoryMarshal.CreateReadOnlySpanFromNullTerminated(text).Length;
        var copy = new byte[length + 1];
        new ReadOnlySpan<byte>(text, length).CopyTo(copy);
        return copy;
    }

    /// <summary>The GGUF's own chat template text, or null.</summary>
    public string? ChatTemplate()
    {
        using var b = Borrow();
        return Marshal.PtrToStringUTF8((IntPtr)LlamaNative.llama_model_chat_template(b.Model, null));
    }

    /// <summary>Reads a string through llama.cpp's snprintf-style protocol (returns the full length, −1 when absent),
    /// growing the buffer when the first one was too small.</summary>
    private string? ReadString(NativeStringReader read)
    {
        using var b = Borrow();
        int size = 256;
        while (true)
        {
            byte[] buffer = new byte[size];
            int length;
            fixed (byte* p = buffer)
                length = read(b.Model, p, (nuint)buffer.Length);
            if (length < 0)
                return null;
            if (length < buffer.Length)
                return Encoding.UTF8.GetString(buffer, 0, length);
            size = length + 1;
        }
    }
}
