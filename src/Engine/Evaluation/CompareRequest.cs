namespace Workbench.Engine.Evaluation;

/// <summary>The <c>compare</c> model-tool operation's request (<see cref="CompareOperation"/>): names resolve through
/// <see cref="Models.ModelCatalog.ResolveLoadable"/>; the other fields are <see cref="ModelComparisonRequest"/>'s.</summary>
public sealed record CompareRequest
{
    /// <summary>The reference model's catalog name (e.g. <c>stories260K.gguf</c>).</summary>
    public required string Source { get; init; }

    /// <summary>The other files' catalog names.</summary>
    public required IReadOnlyList<string> Models { get; init; }

    /// <summary>The evaluation text; null = <see cref="EvaluationTexts.Default"/>.</summary>
    public string? Text { get; init; }

    /// <summary>n_ctx for perplexity and KL.</summary>
    public int ContextSize { get; init; } = 128;

    /// <summary>The greedy prompt; null = <see cref="ModelComparisonRequest.DefaultPrompt"/>.</summary>
    public string? Prompt { get; init; }

    /// <summary>Greedy tokens per model.</summary>
    public int GenerationTokens { get; init; } = ModelComparisonRequest.DefaultGenerationTokens;
}
