namespace Workbench.Engine.Evaluation;

/// <summary>The <c>perplexity</c> model-tool operation's request (<see cref="PerplexityOperation"/>).</summary>
public sealed record PerplexityRequest
{
    /// <summary>The model: a catalog file name or a path inside a model folder
    /// (<see cref="Models.ModelCatalog.ResolveLoadable"/>).</summary>
    public required string Model { get; init; }

    /// <summary>The evaluation text; null = <see cref="EvaluationTexts.Default"/>.</summary>
    public string? Text { get; init; }

    /// <summary>n_ctx, 16 … the model's n_ctx_train.</summary>
    public int ContextSize { get; init; } = 128;
}
