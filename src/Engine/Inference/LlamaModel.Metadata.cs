using System.Globalization;
using Workbench.Engine.Native.Structs;

namespace Workbench.Engine.Inference;

// Metadata: llama_model_* queries and the GGUF key/values (llama_model_meta_*).
internal sealed partial class LlamaModel
{
    /// <summary>Describes the model for the API and the UI.</summary>
    /// <param name="contextSize">The per-sequence context window the engine created (0 when there is no context).</param>
    /// <exception cref="ObjectDisposedException">The model was disposed.</exception>
    public ModelInfo Describe(int contextSize)
    {
        // llama_model_n_head/_kv index per-layer arrays and GGML_ABORT (killing the process) when the model has no
        // layers, as vocabulary-only GGUFs may not.
        int layers = Handle.LayerCount;
        long size = 0;
        try { size = new FileInfo(Path).Length; } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return new ModelInfo
        {
            Path = Path,
            Id = System.IO.Path.GetFileName(Path),
            Architecture = MetadataValue("general.architecture") ?? "unknown",
            Name = MetadataValue("general.name"),
            Description = Handle.Description() ?? "",
            ParameterCount = (long)Handle.ParameterCount,
            FileType = FileTypeName(),
            SizeInBytes = size,
            ContextLengthTrain = ContextLengthTrain,
            EmbeddingLength = Handle.EmbeddingLength,
            LayerCount = layers,
            HeadCount = layers > 0 ? Handle.HeadCount : 0,
            HeadCountKv = layers > 0 ? Handle.HeadCountKv : 0,
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
        int count = Handle.MetadataCount;
        var pairs = new List<KeyValuePair<string, string>>(count);
        for (int i = 0; i < count; i++)
        {
            string? key = Handle.MetadataKey(i);
            string? value = Handle.MetadataValue(i);
            if (key is not null)
                pairs.Add(new(key, value ?? ""));
        }
        pairs.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return pairs;
    }

    /// <summary>One GGUF metadata value as text (<c>llama_model_meta_val_str</c>), or null when the key is absent.</summary>
    public string? MetadataValue(string key) => Handle.MetadataValue(key);

    /// <summary>The file type name from <c>general.file_type</c> (a <see cref="LlamaFtype"/> name such as <c>Q8_0</c>,
    /// <c>F32</c> or <c>Q4_K_M</c>), falling back to llama.cpp's own guess when the key is absent.</summary>
    public string FileTypeName()
    {
        LlamaFtype ftype = int.TryParse(MetadataValue("general.file_type"), NumberStyles.Integer, CultureInfo.InvariantCulture, out int raw)
            ? (LlamaFtype)raw
            : Handle.FileType & ~LlamaFtype.GUESSED;
        return Enum.IsDefined(ftype) ? ftype.ToString() : $"unknown ({(int)ftype})";
    }
}
