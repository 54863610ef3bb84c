using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;

namespace Workbench.Engine.Evaluation;

/// <summary>
/// The decode loop of llama.cpp's <c>llama-perplexity</c> (tools/perplexity/perplexity.cpp, <c>perplexity()</c>):
/// for each chunk, clear the KV cache, decode the chunk's n_ctx tokens in one batch (position k at pos k, sequence 0,
/// BOS replacing the first token), asking for logits only at positions ≥ first, and hand every scored position's
/// logits to the caller. llama-perplexity packs ⌊n_batch / n_ctx⌋ chunks as parallel sequences into one batch; here
/// each chunk is its own batch, which gives the same logits (sequences do not attend to each other) up to the
/// order of floating-point sums.
/// </summary>
internal static class ChunkScorer
{
    /// <summary>Runs the pass on a fresh context of n_ctx tokens.</summary>
    /// <param name="model">A model loaded with weights.</param>
    /// <param name="chunks">The chunk layout (tokenized with this model's vocabulary).</param>
    /// <param name="threads">CPU threads for llama.cpp (n_threads and n_threads_batch).</param>
    /// <param name="onScored">Called for each scored position, in order.</param>
    /// <param name="onChunkDone">Called after each chunk with the number of chunks done (1 … n_chunk).</param>
    /// <param name="cancellationToken">Checked before each chunk.</param>
    /// <exception cref="ModelLoadException">llama.cpp could not create the context.</exception>
    /// <exception cref="DecodeException">llama_decode failed.</exception>
    public static ChunkScoringStats Run(LlamaModel model, EvaluationChunks chunks, int threads,
        ScoredPositionHandler onScored, Action<int>? onChunkDone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(chunks);
        ArgumentNullException.ThrowIfNull(onScored);
        int nCtx = chunks.ContextSize;
        var parameters = SafeLlamaContextHandle.DefaultParams();
        parameters.n_ctx = (uint)nCtx;
        parameters.n_batch = (uint)nCtx; // the whole chunk in one llama_decode
        parameters.n_ubatch = (uint)Math.Min(512, nCtx);
        parameters.n_seq_max = 1;
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;

        LlamaLog.ResetThreadError();
        using var context = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (context.IsInvalid)
        {
            string reason = LlamaLog.ThreadLastError is { } line ? $": {line.Trim()}" : ".";
            throw new ModelLoadException($"llama.cpp could not create an evaluation context of {nCtx} tokens{reason}");
        }
        using var batch = new LlamaBatchBuffer(nCtx);
        int vocabSize = model.VocabSize;
        long decodeTicks = 0;
        for (int chunk = 0; chunk < chunks.ChunkCount; chunk++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            context.ClearMemory();
            batch.Clear();
            for (int position = 0; position < nCtx; position++)
                batch.Add(chunks.InputToken(chunk, position), position, sequenceId: 0, logits: position >= chunks.FirstScored);

            long started = Stopwatch.GetTimestamp();
            int status = context.Decode(batch);
            decodeTicks += Stopwatch.GetTimestamp() - started;
            if (status != 0)
                throw new DecodeException($"llama_decode failed on chunk {chunk + 1} of {chunks.ChunkCount} (status {status}).");

            // Output k of this chunk is the logits row at batch index first + k; it predicts the token after it.
            for (int output = 0; output < chunks.ScoredPerChunk; output++)
            {
                ReadOnlySpan<float> logits = context.LogitsRow(chunks.FirstScored + output, vocabSize);
                onScored(chunk * chunks.ScoredPerChunk + output, logits, chunks.TargetToken(chunk, output));
            }
            onChunkDone?.Invoke(chunk + 1);
        }
        return new ChunkScoringStats(chunks.ChunkCount * nCtx, (double)decodeTicks / Stopwatch.Frequency);
    }
}
