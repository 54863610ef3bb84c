namespace Workbench.Engine.Evaluation;

/// <summary>What <see cref="ModelComparer.Compare"/> measures: the source and each other file on the same text,
/// n_ctx, prompt and threads.</summary>
public sealed record ModelComparisonRequest
{
    /// <summary>The default prompt for the greedy outputs.</summary>
    public const string DefaultPrompt = "Once upon a time, there was a little";

    /// <summary>The default number of greedy tokens.</summary>
    public const int DefaultGenerationTokens = 48;

    /// <summary>Full path of the reference model (e.g. the F32 source); its row comes first, with zero deltas.</summary>
    public required string Source { get; init; }

    /// <summary>Full paths of the files to compare with it (e.g. its quantized copies); at most 16.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>The evaluation text; null = <see cref="EvaluationTexts.Default"/>.</summary>
    public string? Text { get; init; }

    /// <summary>n_ctx for perplexity and KL, 16 … n_ctx_train (128 by default).</summary>
    public int ContextSize { get; init; } = 128;

    /// <summary>The greedy prompt; null = <see cref="DefaultPrompt"/>.</summary>
    public string? Prompt { get; init; }

    /// <summary>Greedy tokens to generate per model, 1 … 256.</summary>
    public int GenerationTokens { get; init; } = DefaultGenerationTokens;
}
