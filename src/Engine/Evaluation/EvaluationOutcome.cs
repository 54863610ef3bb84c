namespace Workbench.Engine.Evaluation;

/// <summary>The result object of the <c>perplexity</c> and <c>compare</c> model-tool operations: either the value, or
/// why the input cannot be evaluated (an <see cref="EvaluationException"/> or a text the vocabulary cannot encode),
/// so the web API can answer 422 for the input and keep 500 for a failing tool.</summary>
/// <typeparam name="T">The value's type.</typeparam>
/// <param name="Value">The result, or null when <see cref="Rejected"/> is set.</param>
/// <param name="Rejected">The reason the input was refused, or null.</param>
public sealed record EvaluationOutcome<T>(T? Value, string? Rejected) where T : class;
