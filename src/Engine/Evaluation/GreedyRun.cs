namespace Workbench.Engine.Evaluation;

/// <summary>The result of <see cref="GreedyGenerator.Run"/>.</summary>
/// <param name="Text">The generated continuation (without the prompt).</param>
/// <param name="Tokens">Tokens generated (≤ the limit; fewer when an end-of-generation token came).</param>
/// <param name="PromptTokens">Prompt tokens decoded (BOS included).</param>
/// <param name="PromptSeconds">Wall time of the prompt's <c>llama_decode</c>.</param>
/// <param name="GenerationSeconds">Wall time of the one-token decodes.</param>
internal readonly record struct GreedyRun(string Text, int Tokens, int PromptTokens, double PromptSeconds, double GenerationSeconds)
{
    /// <summary>Generated tokens per second of decode time (0 when nothing was generated).</summary>
    public double TokensPerSecond => GenerationSeconds > 0 ? Tokens / GenerationSeconds : 0;
}
