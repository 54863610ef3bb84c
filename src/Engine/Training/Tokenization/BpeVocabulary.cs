using System.Text.Json;
using System.Text.Json.Serialization;
using Workbench.Engine.Gguf;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>
/// A trained byte-level BPE vocabulary in llama.cpp's <c>gpt2</c> tokenizer form: token texts in GPT-2's byte-level
/// alphabet (<see cref="ByteLevelAlphabet"/>; special tokens as their raw text), their types, the merges in rank
/// order ("left right", both byte-level texts) and the pre-tokenizer name. Ids are positions in
/// <see cref="Tokens"/>: 0–255 are the bytes 0x00–0xFF, then the merged tokens in the order they were learned, then
/// the special tokens. <see cref="Bos"/>, <see cref="Eos"/> and <see cref="Pad"/> are set by the caller (for the
/// workbench's chat model: EOS = <c>&lt;|im_end|&gt;</c>). Not thread-safe while those are being set.
/// </summary>
public sealed class BpeVocabulary
{
    private readonly string[] _tokens;
    private readonly GgufTokenType[] _types;
    private readonly string[] _merges;
    private readonly Dictionary<string, int> _specialIds = new(StringComparer.Ordinal);
    private int? _bos, _eos, _pad;

    /// <summary>Creates a vocabulary from its parts (as <see cref="BpeTokenizerTrainer"/> or <see cref="Load"/> do).</summary>
    /// <param name="tokens">Token texts, unique and non-empty; at least the 256 byte tokens first.</param>
    /// <param name="tokenTypes">One type per token.</param>
    /// <param name="merges">Merges "left right" in rank order; both sides and their concatenation are tokens.</param>
    /// <param name="pre">The <c>tokenizer.ggml.pre</c> name (see <see cref="BpePreTokenizer.Name"/>).</param>
    /// <exception cref="ArgumentException">The parts are inconsistent; the message says how.</exception>
    public BpeVocabulary(IReadOnlyList<string> tokens, IReadOnlyList<GgufTokenType> tokenTypes, IReadOnlyList<string> merges, string pre)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(tokenTypes);
        ArgumentNullException.ThrowIfNull(merges);
        ArgumentException.ThrowIfNullOrWhiteSpace(pre);
        if (tokens.Count < 256) throw new ArgumentException($"A byte-level vocabulary has at least 256 tokens, not {tokens.Count}.", nameof(tokens));
        if (tokenTypes.Count != tokens.Count) throw new ArgumentException($"{tokenTypes.Count} token types for {tokens.Count} tokens.", nameof(tokenTypes));
        var ids = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (int i = 0; i < tokens.Count; i++)
        {
            if (string.IsNullOrEmpty(tokens[i])) throw new ArgumentException($"Token {i} is empty.", nameof(tokens));
            if (!ids.TryAdd(tokens[i], i)) throw new ArgumentException($"Token {i} '{tokens[i]}' repeats token {ids[tokens[i]]}.", nameof(tokens));
        }
        for (int b = 0; b < 256; b++)
        {
            if (tokens[b] != ByteLevelAlphabet.ToChar((byte)b).ToString())
                throw new ArgumentException($"Token {b} must be the byte-level character of byte 0x{b:X2}.", nameof(tokens));
        }
        for (int m = 0; m < merges.Count; m++)
        {
            string merge = merges[m] ?? "";
            int space = merge.IndexOf(' ', 1);
            if (space < 0 || !ids.ContainsKey(merge[..space]) || !ids.ContainsKey(merge[(space + 1)..]) || !ids.ContainsKey(merge[..space] + merge[(space + 1)..]))
                throw new ArgumentException($"Merge {m} '{merge}' is not 'left right' of tokens whose concatenation is a token.", nameof(merges));
        }
        _tokens = [.. tokens];
        _types = [.. tokenTypes];
        _merges = [.. merges];
        Pre = pre;
        for (int i = 0; i < _tokens.Length; i++)
        {
            if (_types[i] is GgufTokenType.Control or GgufTokenType.UserDefined) _specialIds[_tokens[i]] = i;
        }
    }

    /// <summary>Token texts by id (byte-level alphabet; special tokens as written).</summary>
    public IReadOnlyList<string> Tokens => _tokens;

    /// <summary>Token types by id.</summary>
    public IReadOnlyList<GgufTokenType> TokenTypes => _types;

    /// <summary>Merges "left right" in rank order (rank 0 is applied first).</summary>
    public IReadOnlyList<string> Merges => _merges;

    /// <summary>Ids of the special (Control and UserDefined) tokens by text.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokenIds => _specialIds;

    /// <summary>The pre-tokenizer name written to <c>tokenizer.ggml.pre</c>.</summary>
    public string Pre { get; }

    /// <summary>Number of tokens (n_vocab).</summary>
    public int Count => _tokens.Length;

    /// <summary>Beginning-of-sequence id (<c>tokenizer.ggml.bos_token_id</c>; never added: add_bos is false).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 … <see cref="Count"/> − 1.</exception>
    public int? Bos { get => _bos; set => _bos = CheckId(value); }

    /// <summary>End-of-sequence id (<c>tokenizer.ggml.eos_token_id</c>), the token that ends generation.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 … <see cref="Count"/> − 1.</exception>
    public int? Eos { get => _eos; set => _eos = CheckId(value); }

    /// <summary>Padding id (<c>tokenizer.ggml.padding_token_id</c>); optional.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Outside 0 … <see cref="Count"/> − 1.</exception>
    public int? Pad { get => _pad; set => _pad = CheckId(value); }

    /// <summary>The id of a special token.</summary>
    /// <exception cref="KeyNotFoundException">No special token has that text.</exception>
    public int SpecialId(string text) =>
        _specialIds.TryGetValue(text, out int id) ? id : throw new KeyNotFoundException($"'{text}' is not a special token of this vocabulary.");

    /// <summary>Writes the tokenizer keys llama.cpp's <c>gpt2</c> model reads (src/llama-vocab.cpp, <c>load</c>):
    /// <c>tokenizer.ggml.model = "gpt2"</c>, <c>.pre</c>, <c>.tokens</c> (string[]), <c>.token_type</c> (int32[]),
    /// <c>.merges</c> (string[]), <c>.bos_token_id</c>, <c>.eos_token_id</c>, <c>.padding_token_id</c> (uint32, when
    /// set), <c>.add_bos_token = false</c>, <c>.add_eos_token = false</c>, and <c>tokenizer.chat_template</c> when
    /// given.</summary>
    /// <param name="writer">The writer.</param>
    /// <param name="chatTemplate">A Jinja chat template to store, or null.</param>
    /// <exception cref="InvalidOperationException"><see cref="Bos"/> or <see cref="Eos"/> is not set (llama.cpp
    /// would fall back to id 11, a byte token).</exception>
    public void WriteTo(GgufWriter writer, string? chatTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (_bos is not int bos || _eos is not int eos)
            throw new InvalidOperationException("Set Bos and Eos before writing the vocabulary (llama.cpp's gpt2 default is id 11, a byte token).");
        writer.Set("tokenizer.ggml.model", "gpt2");
        writer.Set("tokenizer.ggml.pre", Pre);
        writer.Set("tokenizer.ggml.tokens", _tokens);
        writer.Set("tokenizer.ggml.token_type", _types.Select(t => (int)t).ToArray());
        writer.Set("tokenizer.ggml.merges", _merges);
        writer.Set("tokenizer.ggml.bos_token_id", (uint)bos);
        writer.Set("tokenizer.ggml.eos_token_id", (uint)eos);
        if (_pad is int pad) writer.Set("tokenizer.ggml.padding_token_id", (uint)pad);
        writer.Set("tokenizer.ggml.add_bos_token", false);
        writer.Set("tokenizer.ggml.add_eos_token", false);
        if (chatTemplate is not null) writer.Set("tokenizer.chat_template", chatTemplate);
    }

    /// <summary>Writes a GGUF with no tensors that llama.cpp loads with vocab_only (as <c>SegmentTokenizer</c>
    /// does): the llama model metadata of <paramref name="shape"/> (llama.cpp reads the hyper-parameters even for
    /// a vocabulary-only load) and <see cref="WriteTo"/>'s keys. Written through a ".partial" file.</summary>
    /// <param name="path">The file to write.</param>
    /// <param name="shape">Hyper-parameters to record; null: a placeholder (1 block, n_embd 64, n_ctx 4096) with
    /// this vocabulary's size. Its <see cref="TinyLlamaShape.VocabSize"/> must equal <see cref="Count"/>.</param>
    /// <param name="chatTemplate">A chat template to store, or null.</param>
    /// <exception cref="InvalidOperationException">Bos or Eos is not set.</exception>
    /// <exception cref="ArgumentException">The shape's vocabulary size differs from <see cref="Count"/>.</exception>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void SaveVocabOnly(string path, TinyLlamaShape? shape = null, string? chatTemplate = null)
    {
        shape ??= new TinyLlamaShape(Count, ContextLength: 4096, EmbeddingLength: 64, BlockCount: 1, HeadCount: 1, FeedForwardLength: 64);
        if (shape.VocabSize != Count)
            throw new ArgumentException($"The shape's VocabSize {shape.VocabSize} differs from the vocabulary's {Count} tokens.", nameof(shape));
        var writer = new GgufWriter();
        TinyLlamaGgufLayout.WriteModelMetadata(writer, shape, "workbench-vocab");
        WriteTo(writer, chatTemplate);
        writer.Write(path);
    }

    /// <summary>Saves the vocabulary as JSON (<c>{pre, tokens, token_types, merges, bos, eos, pad}</c>, UTF-8),
    /// through a ".partial" file.</summary>
    /// <exception cref="IOException">The file cannot be written.</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string partial = full + ".partial";
        var document = new Document(Pre, _tokens, _types.Select(t => (int)t).ToArray(), _merges, _bos, _eos, _pad);
        try
        {
            using (var stream = File.Create(partial))
                JsonSerializer.Serialize(stream, document, BpeVocabularyJsonContext.Default.Document);
            File.Move(partial, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(partial); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>Loads a vocabulary saved by <see cref="Save"/>.</summary>
    /// <exception cref="InvalidDataException">The file is not a saved vocabulary or is inconsistent.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static BpeVocabulary Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        Document? d;
        try
        {
            using var stream = File.OpenRead(path);
            d = JsonSerializer.Deserialize(stream, BpeVocabularyJsonContext.Default.Document);
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"'{Path.GetFileName(path)}' is not a saved BPE vocabulary: {e.Message}", e);
        }
        if (d?.Tokens is null || d.TokenTypes is null || d.Merges is null || d.Pre is null)
            throw new InvalidDataException($"'{Path.GetFileName(path)}' lacks pre, tokens, token_types or merges.");
        try
        {
            return new BpeVocabulary(d.Tokens, d.TokenTypes.Select(t => (GgufTokenType)t).ToArray(), d.Merges, d.Pre)
            {
                Bos = d.Bos,
                Eos = d.Eos,
                Pad = d.Pad,
            };
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"'{Path.GetFileName(path)}' holds an inconsistent vocabulary: {e.Message}", e);
        }
    }

    private int? CheckId(int? id)
    {
        if (id is int v && (uint)v >= (uint)_tokens.Length)
            throw new ArgumentOutOfRangeException(nameof(id), v, $"Token ids are 0 to {_tokens.Length - 1}.");
        return id;
    }

    internal sealed record Document(
        [property: JsonPropertyName("pre")] string Pre,
        [property: JsonPropertyName("tokens")] string[] Tokens,
        [property: JsonPropertyName("token_types")] int[] TokenTypes,
        [property: JsonPropertyName("merges")] string[] Merges,
        [property: JsonPropertyName("bos")] int? Bos,
        [property: JsonPropertyName("eos")] int? Eos,
        [property: JsonPropertyName("pad")] int? Pad);
}

[JsonSerializable(typeof(BpeVocabulary.Document))]
internal sealed partial class BpeVocabularyJsonContext : JsonSerializerContext;
