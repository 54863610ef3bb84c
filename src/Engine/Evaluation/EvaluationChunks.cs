using Workbench.Engine.Inference;

namespace Workbench.Engine.Evaluation;

/// <summary>
/// A text cut into chunks the way llama.cpp's <c>llama-perplexity</c> cuts it (tools/perplexity/perplexity.cpp,
/// <c>perplexity()</c>, tag v0.5.0):
/// <list type="bullet">
/// <item>the whole text is tokenized once with add_special (a BOS first when the vocabulary adds one) and without
/// parse_special, as <c>common_tokenize(ctx, text, true)</c> does;</item>
/// <item>n_chunk = ⌊n_tokens / n_ctx⌋ non-overlapping chunks of n_ctx tokens; the tail is ignored;</item>
/// <item>in every chunk the first token is <em>replaced</em> by BOS (when the vocabulary adds BOS);</item>
/// <item>only the second half is scored: with first = ⌊n_ctx / 2⌋, the logits at positions first … n_ctx − 2 predict
/// the tokens at first + 1 … n_ctx − 1, so each chunk scores n_ctx − first − 1 tokens.</item>
/// </list>
/// </summary>
internal sealed class EvaluationChunks
{
    /// <summary>The smallest n_ctx accepted (<see cref="PerplexityCalculator.MinContextSize"/>).</summary>
    public const int MinContextSize = PerplexityCalculator.MinContextSize;

    private readonly int[] _tokens;
    private readonly int _bos;
    private readonly bool _replaceFirstWithBos;

    private EvaluationChunks(int[] tokens, int contextSize, int bos, bool replaceFirstWithBos)
    {
        _tokens = tokens;
        _bos = bos;
        _replaceFirstWithBos = replaceFirstWithBos;
        ContextSize = contextSize;
        ChunkCount = tokens.Length / contextSize;
        FirstScored = contextSize / 2;
        ScoredPerChunk = contextSize - FirstScored - 1;
    }

    /// <summary>Tokens of the whole text (with its leading BOS when the vocabulary adds one).</summary>
    public int TokenCount => _tokens.Length;

    /// <summary>n_ctx: tokens per chunk.</summary>
    public int ContextSize { get; }

    /// <summary>n_chunk = ⌊<see cref="TokenCount"/> / <see cref="ContextSize"/>⌋.</summary>
    public int ChunkCount { get; }

    /// <summary>first = ⌊n_ctx / 2⌋: the first position whose logits are scored.</summary>
    public int FirstScored { get; }

    /// <summary>Scored tokens per chunk: n_ctx − first − 1.</summary>
    public int ScoredPerChunk { get; }

    /// <summary>Scored tokens in all: n_chunk × (n_ctx − first − 1).</summary>
    public int ScoredCount => ChunkCount * ScoredPerChunk;

    /// <summary>Tokenizes <paramref name="text"/> with <paramref name="model"/>'s vocabulary and lays out the chunks.</summary>
    /// <exception cref="EvaluationException">n_ctx is below <see cref="MinContextSize"/> or above the model's
    /// n_ctx_train, the vocabulary appends EOS (llama-perplexity asserts it does not), or the text has fewer than
    /// 2 × n_ctx tokens (llama-perplexity refuses that too).</exception>
    /// <exception cref="TokenizationException">The vocabulary cannot encode a character of the text.</exception>
    public static EvaluationChunks Create(LlamaModel model, string text, int contextSize)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(text);
        if (contextSize < MinContextSize)
            throw new EvaluationException($"n_ctx must be at least {MinContextSize} tokens (got {contextSize}).");
        if (contextSize > model.ContextLengthTrain)
            throw new EvaluationException($"n_ctx {contextSize} is above the context this model was trained with ({model.ContextLengthTrain} tokens); choose {model.ContextLengthTrain} or less.");
        if (model.Vocab.AddsEos)
            throw new EvaluationException("This vocabulary appends EOS when tokenizing; llama-perplexity does not evaluate such models, and neither does the workbench.");
        int[] tokens = model.Tokenize(text, addSpecial: true, parseSpecial: false);
        if (tokens.Length < 2 * contextSize)
            throw new EvaluationException($"The text tokenizes to only {tokens.Length} tokens; perplexity with n_ctx {contextSize} needs at least {2 * contextSize} (two chunks), as llama-perplexity does. Use a longer text or a smaller n_ctx.");
        return new EvaluationChunks(tokens, contextSize, model.BosToken, model.Vocab.AddsBos);
    }

    /// <summary>The token fed at position <paramref name="position"/> of chunk <paramref name="chunk"/>: BOS at
    /// position 0 when the vocabulary adds BOS, otherwise the text's own token.</summary>
    public int InputToken(int chunk, int position) =>
        position == 0 && _replaceFirstWithBos ? _bos : _tokens[chunk * ContextSize + position];

    /// <summary>The token that scored output <paramref name="output"/> (0 … <see cref="ScoredPerChunk"/> − 1) of chunk
    /// <paramref name="chunk"/> should predict: the text's token at position first + output + 1.</summary>
    public int TargetToken(int chunk, int output) => _tokens[chunk * ContextSize + FirstScored + output + 1];
}
