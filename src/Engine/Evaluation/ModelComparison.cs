namespace Workbench.Engine.Evaluation;

/// <summary>The table <see cref="ModelComparer.Compare"/> returns: the source row first, then one row per file in
/// the request's order, all measured with the same text, n_ctx, prompt and threads.</summary>
/// <param name="Rows">The rows.</param>
/// <param name="ContextSize">n_ctx used for perplexity and KL.</param>
/// <param name="Chunks">Perplexity chunks per model.</param>
/// <param name="Prompt">The greedy prompt.</param>
/// <param name="Threads">CPU threads every measurement used.</param>
public sealed record ModelComparison(IReadOnlyList<ModelComparisonRow> Rows, int ContextSize, int Chunks, string Prompt, int Threads);
