using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Inference;

// Metadata: llama_model_* queries and the GGUF key/values (llama_model_meta_*).
internal sealed unsafe partial class LlamaModel
{
    private unsafe delegate int NativeStringReader(byte* buffer, nuint size);

    /// <summary>Describes the model for the API and the UI.</summary>
    /// <param name="contextSize">The per-sequence context window the engine created (0 when there is no context).</param>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public ModelInfo Describe(int contextSize)
    {
        using var lease = new Lease(Handle);
        IntPtr model = lease.Model;
        // llama_model_n_head/_kv index per-layer arrays and GGML_ABORT (killing the process) when the model has no
        // layers, as vocabulary-only GGUFs may not.
        int layers = LlamaNative.llama_model_n_layer(model);
        long size = 0;
        try { size = new FileInfo(Path).Length; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return new ModelInfo
        {
            Path = Path,
            Id = System.IO.Path.GetFileName(Path),
            Architecture = MetadataValue("general.architecture") ?? "unknown",
            Name = MetadataValue("general.name"),
            Description = ReadString((b, n) => LlamaNative.llama_model_desc(model, b, n)) ?? "",
            ParameterCount = (long)LlamaNative.llama_model_n_params(model),
            FileType = FileTypeName(),
            SizeInBytes = size,
            ContextLengthTrain = ContextLengthTrain,
            EmbeddingLength = LlamaNative.llama_model_n_embd(model),
            LayerCount = layers,
            HeadCount = layers > 0 ? LlamaNative.llama_model_n_head(model) : 0,
            HeadCountKv = layers > 0 ? LlamaNative.llama_model_n_head_kv(model) : 0,
            VocabType = VocabType == LlamaVocabType.NONE ? "none" : VocabType.ToString(),
            VocabSize = VocabSize,
            BosToken = BosToken,
            EosToken = EosToken,
            BosText = BosToken >= 0 ? TokenText(BosToken) : null,
            EosText = EosToken >= 0 ? TokenText(EosToken) : null,
            ChatTemplate = OwnChatTemplate(),
            ContextSize = contextSize,
            Metadata = Metadata(),
        };
    }

    /// <summary>Every GGUF key/value pair as llama.cpp renders it as text (arrays abbreviated by llama.cpp), sorted
    /// by key (llama.cpp keeps them in a hash map, so the file order is not available).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Metadata()
    {
        using var lease = new Lease(Handle);
        IntPtr model = lease.Model;
        int count = LlamaNative.llama_model_meta_count(model);
        var pairs = new List<KeyValuePair<string, string>>(count);
        for (int i = 0; i < count; i++)
        {
            int index = i;
            string? key = ReadString((b, n) => LlamaNative.llama_model_meta_key_by_index(model, index, b, n));
            string? value = ReadString((b, n) => LlamaNative.llama_model_meta_val_str_by_index(model, index, b, n));
            if (key is not null)
                pairs.Add(new(key, value ?? ""));
        }
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return pairs;
    }

    /// <summary>One GGUF metadata value as text (<c>llama_model_meta_val_str</c>), or null when the key is absent.</summary>
    public unsafe string? MetadataValue(string key)
    {
        using var lease = new Lease(Handle);
        IntPtr model = lease.Model;
        return ReadString((b, n) => LlamaNative.llama_model_meta_val_str(model, key, b, n));
    }

    /// <summary>The file type name from <c>general.file_type</c> (a <see cref="LlamaFtype"/> name such as <c>Q8_0</c>,
    /// <c>F32</c> or <c>Q4_K_M</c>), falling back to llama.cpp's own guess when the key is absent.</summary>
    private string FileTypeName()
    {
        LlamaFtype ftype = int.TryParse(MetadataValue("general.file_type"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int raw)
            ? (LlamaFtype)raw
            : LlamaNative.llama_model_ftype(Handle.DangerousGetHandle()) & ~LlamaFtype.GUESSED;
        return Enum.IsDefined(ftype) ? ftype.ToString() : $"unknown ({(int)ftype})";
    }

    /// <summary>Reads a string through llama.cpp's snprintf-style protocol (returns the full length, −1 when absent),
    /// growing the buffer when the first one was too small.</summary>
    private static unsafe string? ReadString(NativeStringReader read)
    {
        int size = 256;
        while (true)
        {
            byte[] buffer = new byte[size];
            int length;
            fixed (byte* p = buffer)
                length = read(p, (nuint)buffer.Length);
            if (length < 0)
                return null;
            if (length < buffer.Length)
                return Encoding.UTF8.GetString(buffer, 0, length);
            size = length + 1;
        }
    }

    /// <summary>A reference on the model handle for the duration of a native call (guards against a concurrent Dispose).</summary>
    private readonly ref struct Lease
    {
        private readonly Native.Handles.SafeLlamaModelHandle _handle;

        public Lease(Native.Handles.SafeLlamaModelHandle handle)
        {
            bool added = false;
            handle.DangerousAddRef(ref added);
            _handle = handle;
            Model = handle.DangerousGetHandle();
        }

        public IntPtr Model { get; }

        public void Dispose() => _handle.DangerousRelease();
    }
}
