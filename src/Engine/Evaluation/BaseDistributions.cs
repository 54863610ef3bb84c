namespace Workbench.Engine.Evaluation;

/// <summary>The base (reference) model's next-token log-probabilities at every scored position of a chunk layout:
/// <see cref="PositionCount"/> rows of <see cref="VocabSize"/> floats, row-major, plus the base's top token per
/// position. llama.cpp's <c>--kl-divergence-base</c> writes the same rows to a file, quantized to 16 bits per value;
/// here they stay in memory as float (exact to float precision), which is cheap for the lab's vocabularies
/// (512 tokens × 63 positions × 28 chunks ≈ 3.6 MB).</summary>
internal sealed class BaseDistributions
{
    /// <summary>The most memory the rows may take (bytes): 512 MiB.</summary>
    public const long MaxBytes = 512L * 1024 * 1024;

    private readonly float[] _logProbabilities;
    private readonly int[] _top;

    /// <summary>Allocates the rows.</summary>
    /// <exception cref="EvaluationException">They would need more than <see cref="MaxBytes"/>.</exception>
    public BaseDistributions(int positionCount, int vocabSize)
    {
        long bytes = (long)positionCount * vocabSize * sizeof(float);
        if (bytes > MaxBytes)
            throw new EvaluationException($"The base model's distributions would take {bytes / (1024 * 1024)} MiB ({positionCount} positions × {vocabSize} tokens); the limit is {MaxBytes / (1024 * 1024)} MiB. Use a shorter text or a smaller n_ctx.");
        PositionCount = positionCount;
        VocabSize = vocabSize;
        _logProbabilities = new float[positionCount * vocabSize];
        _top = new int[positionCount];
    }

    /// <summary>Scored positions (rows).</summary>
    public int PositionCount { get; }

    /// <summary>n_vocab (row length).</summary>
    public int VocabSize { get; }

    /// <summary>The base model's own perplexity on the same chunks; set once the base run is complete.</summary>
    public PerplexityResult? Perplexity { get; set; }

    /// <summary>Row <paramref name="position"/>: log p_base(token) for every token.</summary>
    public Span<float> Row(int position) => _logProbabilities.AsSpan(position * VocabSize, VocabSize);

    /// <summary>The base's most likely token at <paramref name="position"/>.</summary>
    public ref int Top(int position) => ref _top[position];
}
