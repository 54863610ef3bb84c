namespace Workbench.Engine.Evaluation;

/// <summary>Receives one scored position of a <see cref="ChunkScorer"/> pass.</summary>
/// <param name="index">The position's number over the whole pass: chunk × (n_ctx − first − 1) + output,
/// 0 … <see cref="EvaluationChunks.ScoredCount"/> − 1.</param>
/// <param name="logits">The raw next-token logits there (n_vocab floats, owned by llama.cpp, valid only during the
/// call).</param>
/// <param name="target">The token that actually follows in the text.</param>
internal delegate void ScoredPositionHandler(int index, ReadOnlySpan<float> logits, int target);
