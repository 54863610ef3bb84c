namespace Workbench.Engine.Evaluation;

/// <summary>What a <see cref="ChunkScorer"/> pass cost: the tokens it decoded and the wall time spent inside
/// <c>llama_decode</c> (seconds), i.e. batched prompt processing of n_ctx tokens per chunk.</summary>
internal readonly record struct ChunkScoringStats(int DecodedTokens, double DecodeSeconds)
{
    /// <summary>Decoded tokens per second of decode time (0 when nothing was timed).</summary>
    public double TokensPerSecond => DecodeSeconds > 0 ? DecodedTokens / DecodeSeconds : 0;
}
