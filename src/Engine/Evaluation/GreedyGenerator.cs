using System.Diagnostics;
using Workbench.Engine.Inference;
using Workbench.Engine.Native;
using Workbench.Engine.Native.Handles;

namespace Workbench.Engine.Evaluation;

/// <summary>Greedy decoding (always the most likely token, as llama.cpp's <c>llama_sampler_init_greedy</c>), timed
/// like llama-bench's tg test: the prompt is decoded in one batch, then one token per <c>llama_decode</c>. Greedy is
/// deterministic, so two files' outputs for the same prompt differ only because their weights differ.</summary>
internal static class GreedyGenerator
{
    /// <summary>Generates up to <paramref name="maxTokens"/> tokens after <paramref name="prompt"/>.</summary>
    /// <exception cref="EvaluationException">The prompt is empty after tokenizing, or prompt + tokens exceed the
    /// model's n_ctx_train.</exception>
    /// <exception cref="DecodeException">llama_decode failed.</exception>
    public static GreedyRun Run(LlamaModel model, string prompt, int maxTokens, int threads, CancellationToken cancellationToken)
    {
        int[] promptTokens = model.Tokenize(prompt, addSpecial: true, parseSpecial: false);
        if (promptTokens.Length == 0)
            throw new EvaluationException("The prompt is empty.");
        int contextSize = promptTokens.Length + maxTokens + 1;
        if (contextSize > model.ContextLengthTrain)
            throw new EvaluationException($"The prompt ({promptTokens.Length} tokens) and {maxTokens} generated tokens do not fit the model's context of {model.ContextLengthTrain}.");

        var parameters = SafeLlamaContextHandle.DefaultParams();
        parameters.n_ctx = (uint)contextSize;
        parameters.n_batch = (uint)promptTokens.Length;
        parameters.n_ubatch = (uint)Math.Min(512, promptTokens.Length);
        parameters.n_seq_max = 1;
        parameters.n_threads = threads;
        parameters.n_threads_batch = threads;
        LlamaLog.ResetThreadError();
        using var context = SafeLlamaContextHandle.Create(model.Handle, parameters);
        if (context.IsInvalid)
            throw new ModelLoadException($"llama.cpp could not create a context of {contextSize} tokens for greedy generation.");
        using var batch = new LlamaBatchBuffer(promptTokens.Length);

        for (int i = 0; i < promptTokens.Length; i++)
            batch.Add(promptTokens[i], i, 0, logits: i == promptTokens.Length - 1);
        long started = Stopwatch.GetTimestamp();
        Check(context.Decode(batch));
        double promptSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var generated = new List<int>(maxTokens);
        int position = promptTokens.Length;
        int logitsIndex = promptTokens.Length - 1;
        long generationTicks = 0;
        while (generated.Count < maxTokens)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int token = NextTokenLogProbabilities.ArgMax(context.LogitsRow(logitsIndex, model.VocabSize));
            if (model.IsEndOfGeneration(token)) break;
            generated.Add(token);
            batch.Clear();
            batch.Add(token, position++, 0, logits: true);
            long step = Stopwatch.GetTimestamp();
            Check(context.Decode(batch));
            generationTicks += Stopwatch.GetTimestamp() - step;
            logitsIndex = 0;
        }
        // The continuation as it reads after the prompt: detokenizing the generated tokens alone would drop the
        // leading space of their first piece (SentencePiece strips it at the start of a text), "a little" + "girl".
        string text = "";
        if (generated.Count > 0)
        {
            string promptText = model.Detokenize(promptTokens, removeSpecial: true, unparseSpecial: false);
            string whole = model.Detokenize([.. promptTokens, .. generated], removeSpecial: true, unparseSpecial: false);
            text = whole.StartsWith(promptText, StringComparison.Ordinal)
                ? whole[promptText.Length..]
                : model.Detokenize(generated, removeSpecial: false, unparseSpecial: false);
        }
        return new GreedyRun(text, generated.Count, promptTokens.Length, promptSeconds, (double)generationTicks / Stopwatch.Frequency);
    }

    private static void Check(int status)
    {
        if (status != 0) throw new DecodeException($"llama_decode failed during greedy generation (status {status}).");
    }
}
