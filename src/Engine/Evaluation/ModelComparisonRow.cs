namespace Workbench.Engine.Evaluation;

/// <summary>One model file in a <see cref="ModelComparison"/>.</summary>
public sealed record ModelComparisonRow
{
    /// <summary>File name, e.g. <c>stories260K-Q4_0.gguf</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Whether this is the reference row (deltas and KL are 0 by definition).</summary>
    public bool IsSource { get; init; }

    /// <summary>The file type: <c>general.file_type</c> as a llama_ftype name, e.g. <c>ALL_F32</c>, <c>MOSTLY_Q4_0</c> (llama.cpp's guess when the key is absent).</summary>
    public required string FileType { get; init; }

    /// <summary>Size of the GGUF file in bytes (header, metadata and tensors).</summary>
    public long FileBytes { get; init; }

    /// <summary>Bytes of the weight tensors (<c>llama_model_size</c>).</summary>
    public long TensorBytes { get; init; }

    /// <summary>Parameters (<c>llama_model_n_params</c>).</summary>
    public long Parameters { get; init; }

    /// <summary>Bits per weight = <see cref="TensorBytes"/> × 8 / <see cref="Parameters"/> (as llama.cpp's load log
    /// "file size … (x BPW)" computes it, over the tensors rather than the whole file).</summary>
    public double BitsPerWeight { get; init; }

    /// <summary>Wall time of <c>llama_model_load_from_file</c>, seconds (the page cache makes a second load faster).</summary>
    public double LoadSeconds { get; init; }

    /// <summary>Prompt processing: tokens per second of <c>llama_decode</c> while decoding the n_ctx-token
    /// perplexity chunks.</summary>
    public double PromptTokensPerSecond { get; init; }

    /// <summary>Generation: greedy tokens per second, one token per decode.</summary>
    public double GenerationTokensPerSecond { get; init; }

    /// <summary>Perplexity on the comparison's text and n_ctx (<see cref="PerplexityCalculator"/>).</summary>
    public double Perplexity { get; init; }

    /// <summary>llama-perplexity's ± for <see cref="Perplexity"/>.</summary>
    public double PerplexityUncertainty { get; init; }

    /// <summary><see cref="Perplexity"/> − the source's.</summary>
    public double PerplexityDelta { get; init; }

    /// <summary>(<see cref="Perplexity"/> / the source's − 1) × 100.</summary>
    public double PerplexityDeltaPercent { get; init; }

    /// <summary>Mean KL(source ‖ this model) over the scored positions, nats (<see cref="KlDivergenceCalculator"/>).</summary>
    public double KlDivergence { get; init; }

    /// <summary>Share of positions whose most likely token equals the source's, %.</summary>
    public double SameTopPercent { get; init; }

    /// <summary>The greedy continuation of the comparison's prompt.</summary>
    public required string GreedyOutput { get; init; }

    /// <summary>Tokens in <see cref="GreedyOutput"/>.</summary>
    public int GreedyTokens { get; init; }
}
