using Workbench.Engine.Gguf;
using Workbench.Engine.Training.Tokenization;

namespace Workbench.Engine.Training;

/// <summary>
/// A trained <see cref="TinyLlamaShape"/> model as a GGUF file llama.cpp serves like any other: the llama metadata
/// (<see cref="TinyLlamaGgufLayout.WriteModelMetadata"/>), the vocabulary and chat template
/// (<see cref="BpeVocabulary.WriteTo"/>), the F32 tensors (<see cref="TinyLlamaParameters.ToTensors"/>) and
/// <c>workbench.training.*</c> keys recording how it was made (seed, steps, corpus hash, command), so the file
/// carries its own recipe.
/// </summary>
public static class TinyLlamaGguf
{
    /// <summary>Prefix of the keys that record the training run.</summary>
    public const string TrainingKeyPrefix = "workbench.training.";

    /// <summary>Writes the model (through <c>path.partial</c>, renamed at the end).</summary>
    /// <param name="path">The .gguf file to write.</param>
    /// <param name="shape">The model's shape.</param>
    /// <param name="weights">Weights in <see cref="TinyLlamaParameters"/> layout.</param>
    /// <param name="vocabulary">The tokenizer (Bos and Eos set).</param>
    /// <param name="chatTemplate">The Jinja chat template (<c>tokenizer.chat_template</c>).</param>
    /// <param name="name"><c>general.name</c>.</param>
    /// <param name="training">Extra <c>workbench.training.KEY</c> strings (seed, corpus_sha256, command, …).</param>
    public static void Write(string path, TinyLlamaShape shape, float[] weights, BpeVocabulary vocabulary, string chatTemplate,
        string name, IReadOnlyDictionary<string, string>? training = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(vocabulary);
        if (vocabulary.Count != shape.VocabSize)
            throw new ArgumentException($"The vocabulary has {vocabulary.Count} tokens; the shape has {shape.VocabSize}.", nameof(vocabulary));
        var layout = new TinyLlamaParameters(shape);
        var writer = new GgufWriter();
        TinyLlamaGgufLayout.WriteModelMetadata(writer, shape, name);
        writer.Set("general.license", "MIT");
        writer.Set("general.description", "A tiny chat and tool-calling model trained by LLM Workbench on its own generated corpus (ChatML with Hermes tool calls).");
        vocabulary.WriteTo(writer, chatTemplate);
        if (training is not null)
            foreach (var (key, value) in training.OrderBy(p => p.Key, StringComparer.Ordinal)) writer.Set(TrainingKeyPrefix + key, value);
        foreach (var (tensorName, ne, data) in layout.ToTensors(weights)) writer.AddTensor(tensorName, ne, data);
        writer.Write(path);
    }

    /// <summary>Reads a model this class wrote (or any llama GGUF of the same layout with F32/F16 tensors and tied
    /// output) back into a shape and weights — the starting point of a fine-tuning run.</summary>
    /// <param name="path">The .gguf file.</param>
    /// <exception cref="FormatException">Not a llama model of this layout (the message names what is missing).</exception>
    public static (TinyLlamaShape Shape, float[] Weights) Read(string path)
    {
        var file = GgufFile.Open(path);
        string fileName = Path.GetFileName(path);
        if (file.Architecture != "llama") throw new FormatException($"'{Path.GetFileName(path)}' is a '{file.Architecture}' model, not llama.");
        uint Need(string suffix) => file.GetModelUInt(suffix) ?? throw new FormatException($"'{Path.GetFileName(path)}' has no llama.{suffix}.");
        var embedding = file.FindTensor(TinyLlamaGgufLayout.TensorNames.TokenEmbedding)
            ?? throw new FormatException($"'{fileName}' has no token_embd.weight.");
        if (file.FindTensor("output.weight") is not null) throw new FormatException($"'{fileName}' has an untied output.weight; the trainer ties the output projection to the embedding.");
        uint heads = Need("attention.head_count");
        if ((file.GetModelUInt("attention.head_count_kv") ?? heads) != heads) throw new FormatException($"'{fileName}' has fewer key/value heads than query heads; the trainer needs as many.");
        var shape = new TinyLlamaShape(
            VocabSize: (int)embedding.Shape[1],
            ContextLength: (int)Need("context_length"),
            EmbeddingLength: (int)Need("embedding_length"),
            BlockCount: (int)Need("block_count"),
            HeadCount: (int)heads,
            FeedForwardLength: (int)Need("feed_forward_length"),
            RopeFreqBase: file.FindModel("rope.freq_base")?.Value is float theta ? theta : 10000f,
            RmsNormEpsilon: file.FindModel("attention.layer_norm_rms_epsilon")?.Value is float eps ? eps : 1e-5f);
        var layout = new TinyLlamaParameters(shape);
        var weights = layout.FromTensors(name => file.FindTensor(name) is { } tensor ? Dequantizer.ReadTensor(file, tensor) : null);
        return (shape, weights);
    }

    /// <summary>The <c>workbench.training.*</c> strings of a model file (empty when it has none).</summary>
    public static IReadOnlyDictionary<string, string> ReadTrainingRecord(string path)
    {
        var file = GgufFile.Open(path);
        return file.Metadata
            .Where(p => p.Key.StartsWith(TrainingKeyPrefix, StringComparison.Ordinal) && p.Value.Value is string)
            .ToDictionary(p => p.Key[TrainingKeyPrefix.Length..], p => (string)p.Value.Value!, StringComparer.Ordinal);
    }
}
