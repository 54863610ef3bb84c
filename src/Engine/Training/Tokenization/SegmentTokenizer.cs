using Workbench.Engine.Inference;
using Workbench.Engine.Native;

namespace Workbench.Engine.Training.Tokenization;

/// <summary>
/// Tokenizes training text with llama.cpp itself, so training and serving see the same tokens: it opens a GGUF's
/// vocabulary only (<c>vocab_only</c>; e.g. one written by <see cref="BpeVocabulary.SaveVocabOnly"/>) and calls
/// <c>llama_tokenize</c> / <c>llama_detokenize</c>. Thread-safe: llama.cpp's vocabulary functions are read-only
/// after load; disposing while another thread tokenizes makes that call throw <see cref="ObjectDisposedException"/>.
/// </summary>
public sealed class SegmentTokenizer : IDisposable
{
    private readonly LlamaModel _model;

    private SegmentTokenizer(LlamaModel model) => _model = model;

    /// <summary>Tokens in the vocabulary (n_vocab).</summary>
    public int VocabSize => _model.VocabSize;

    /// <summary>The vocabulary's EOS id (<c>llama_vocab_eos</c>), or −1.</summary>
    public int EosToken => _model.EosToken;

    /// <summary>Opens the vocabulary of the GGUF at <paramref name="path"/>.</summary>
    /// <exception cref="InvalidOperationException">llama.cpp is not initialised (call
    /// <see cref="LlamaBackend.Initialize"/> first).</exception>
    /// <exception cref="ModelLoadException">The file is missing, not a GGUF, or llama.cpp refused its vocabulary.</exception>
    public static SegmentTokenizer Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SegmentTokenizer(LlamaModel.Load(path, 0, vocabOnly: true, null, CancellationToken.None));
    }

    /// <summary>Tokenizes a rendered conversation: each segment on its own (special texts such as
    /// <c>&lt;|im_start|&gt;</c> parsed as their tokens, no BOS added), concatenated; every token of a segment is a
    /// target exactly when the segment's <see cref="ChatSegment.Train"/> is set.</summary>
    /// <param name="segments">The segments in order; empty texts give no tokens.</param>
    /// <returns>The tokens and their target flags, of equal length (not truncated to any context length).</returns>
    /// <exception cref="ArgumentException">A segment or its text is null.</exception>
    /// <exception cref="ObjectDisposedException">The tokenizer was disposed.</exception>
    public TrainingSequence Encode(IReadOnlyList<ChatSegment> segments)
    {
        ArgumentNullException.ThrowIfNull(segments);
        var tokens = new List<int>();
        var targets = new List<bool>();
        for (int i = 0; i < segments.Count; i++)
        {
            ChatSegment segment = segments[i] ?? throw new ArgumentException($"Segment {i} is null.", nameof(segments));
            if (segment.Text is null) throw new ArgumentException($"Segment {i} has no text.", nameof(segments));
            int[] ids = Encode(segment.Text);
            tokens.AddRange(ids);
            for (int j = 0; j < ids.Length; j++) targets.Add(segment.Train);
        }
        return new TrainingSequence([.. tokens], [.. targets]);
    }

    /// <summary>Tokenizes one text (<c>llama_tokenize</c> with parse_special, without add_special).</summary>
    /// <exception cref="ObjectDisposedException">The tokenizer was disposed.</exception>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return text.Length == 0 ? [] : _model.Tokenize(text, addSpecial: false, parseSpecial: true);
    }

    /// <summary>The text of token ids (<c>llama_detokenize</c>, special tokens rendered as their text); a UTF-8
    /// character cut between the given tokens becomes U+FFFD.</summary>
    /// <exception cref="TokenizationException">An id is outside the vocabulary.</exception>
    /// <exception cref="ObjectDisposedException">The tokenizer was disposed.</exception>
    public string Decode(IEnumerable<int> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        return _model.Detokenize(tokens.ToArray(), removeSpecial: false, unparseSpecial: true);
    }

    /// <summary>The vocabulary entry's text of one token (byte-level characters; llama_vocab_get_text).</summary>
    /// <exception cref="TokenizationException">The id is outside the vocabulary.</exception>
    public string TokenText(int token) => _model.TokenText(token);

    /// <summary>Frees the vocabulary.</summary>
    public void Dispose() => _model.Dispose();
}
