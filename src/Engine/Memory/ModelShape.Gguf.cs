using System.Globalization;
using Workbench.Engine.Gguf;

namespace Workbench.Engine.Memory;

// A shape straight from a GGUF header (the Engine's own reader, Gguf/GgufFile): no model is loaded.
public sealed partial record ModelShape
{
    /// <summary>Reads the shape of the GGUF at <paramref name="path"/> from its header alone (see
    /// <see cref="FromGguf(GgufFile)"/>).</summary>
    /// <exception cref="GgufFormatException">The file is not a valid GGUF.</exception>
    /// <exception cref="InvalidDataException">The header lacks a key the shape needs (see <see cref="FromMetadata"/>).</exception>
    /// <exception cref="IOException">The file cannot be read (<see cref="FileNotFoundException"/> when missing).</exception>
    public static ModelShape FromGguf(string path) => FromGguf(GgufFile.Open(path));

    /// <summary>The shape of an opened GGUF header: its metadata read as <see cref="FromMetadata"/> does;
    /// <see cref="Parameters"/> = the sum of the tensors' element counts (what <c>llama_model_n_params</c> counts);
    /// the vocabulary from <c>&lt;arch&gt;.vocab_size</c> or the length of <c>tokenizer.ggml.tokens</c>; tied
    /// embeddings when there is no <c>output.weight</c> tensor (llama.cpp then reuses <c>token_embd.weight</c>).</summary>
    /// <exception cref="InvalidDataException">The header lacks a key the shape needs.</exception>
    public static ModelShape FromGguf(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        string prefix = (file.Architecture ?? "") + ".";
        var pairs = file.Metadata
            .Where(kv => kv.Key == "general.architecture" || kv.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(kv => KeyValuePair.Create(kv.Key, Text(kv.Value)));
        int vocab = file.Find("tokenizer.ggml.tokens")?.Count ?? 0;
        long parameters = file.Tensors.Sum(t => t.ElementCount);
        return FromMetadata(pairs, parameters, vocab) with { TiedEmbeddings = file.FindTensor("output.weight") is null };
    }

    /// <summary>Bytes of the tensor data of <paramref name="file"/>: the sum of its tensors' sizes (what llama.cpp's
    /// model buffers hold, less the alignment padding between tensors).</summary>
    public static long TensorBytes(GgufFile file)
    {
        ArgumentNullException.ThrowIfNull(file);
        return file.Tensors.Sum(t => t.SizeInBytes);
    }

    private static string Text(GgufValue value) => value.Value switch
    {
        string s => s,
        Array array when value.ElementType is not GgufValueType.String and not GgufValueType.Array =>
            "[" + string.Join(", ", array.Cast<object>().Select(o => Convert.ToString(o, CultureInfo.InvariantCulture))) + "]",
        Array => "",
        _ => value.AsUInt64()?.ToString(CultureInfo.InvariantCulture) ?? value.ToString(),
    };
}
