using Workbench.Engine.Gguf;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>Reads a byte-level BPE vocabulary back out of a GGUF's <c>tokenizer.ggml.*</c> keys (the inverse of
/// <see cref="BpeVocabulary.WriteTo"/>), so a fine-tuning run keeps the tokenizer of the model it starts from.</summary>
public static class GgufVocabularyReader
{
    /// <summary>The vocabulary of <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">The file has no <c>gpt2</c> tokenizer, or its arrays are missing or inconsistent.</exception>
    public static BpeVocabulary Read(string path)
    {
        var file = GgufFile.Open(path);
        string name = Path.GetFileName(path);
        if (file.GetString("tokenizer.ggml.model") != "gpt2")
            throw new FormatException($"'{name}' has no byte-level BPE (gpt2) tokenizer.");
        T[] Array<T>(string key) => file.Find(key)?.Value switch
        {
            T[] values => values,
            object[] values => values.Cast<T>().ToArray(),
            System.Array values => values.Cast<T>().ToArray(),
            _ => throw new FormatException($"'{name}' has no {key} array."),
        };
        string[] tokens = Array<string>("tokenizer.ggml.tokens");
        int[] types = Array<object>("tokenizer.ggml.token_type").Select(Convert.ToInt32).ToArray();
        string[] merges = Array<string>("tokenizer.ggml.merges");
        try
        {
            return new BpeVocabulary(tokens, types.Select(t => (GgufTokenType)t).ToArray(), merges, file.GetString("tokenizer.ggml.pre") ?? "default")
            {
                Bos = (int?)file.GetUInt32("tokenizer.ggml.bos_token_id"),
                Eos = (int?)file.GetUInt32("tokenizer.ggml.eos_token_id"),
                Pad = (int?)file.GetUInt32("tokenizer.ggml.padding_token_id"),
            };
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"'{name}' holds an inconsistent vocabulary: {e.Message}", e);
        }
    }
}
