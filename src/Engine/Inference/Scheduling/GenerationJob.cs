using System.Diagnostics;
using System.Text;
using System.Threading.Channels;
using Workbench.Engine.Native.Handles;
using Workbench.Engine.Sampling;

namespace Workbench.Engine.Inference.Scheduling;

/// <summary>
/// One generation request as the scheduler sees it: the tokenized prompt, its own sampler chain, the text
/// pipeline (UTF-8 assembly → stop strings), the stream of updates to the caller, and its clocks.
/// Everything but <see cref="RequestCancel"/> and the output reader runs on the scheduler thread.
/// </summary>
internal sealed class GenerationJob : IDisposable
{
    private readonly Channel<GenerationUpdate> output = Channel.CreateUnbounded<GenerationUpdate>(
        new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Utf8TextAssembler utf8 = new();
    private readonly StopStringMatcher stops;
    private readonly LlamaModel model;
    private readonly GenerationActivity? activity;
    private int cancelRequested;
    private int prefillInFlight;
    private int ended;
    private long promptStarted, promptDone, firstToken, lastToken;

    /// <summary>Creates a job; <paramref name="sampler"/> becomes owned by the job. The job counts itself in
    /// <paramref name="activity"/> (when given) from now until it finishes or fails.</summary>
    public GenerationJob(GenerationRequest request, int[] promptTokens, TokenSampler sampler, LlamaModel model, int contextSize, long arrivedAt,
        GenerationActivity? activity = null)
    {
        Request = request;
        PromptTokens = promptTokens;
        Sampler = sampler;
        this.model = model;
        ContextSize = contextSize;
        ArrivedAt = arrivedAt;
        if (GreedyArgmax.Applies(request.Sampling))
        {
            UsesGreedyArgmax = true;
            GreedyBans = request.Sampling.IgnoreEos ? model.EndOfGenerationMask : null;
        }
        stops = new StopStringMatcher(request.Sampling.IgnoreEos ? request.Stop : [.. request.Stop, .. SpelledOutEndMarkers(model)]);
        try
        {
            GrammarTracer = GrammarTracer.Create(request, model);
        }
        catch
        {
            sampler.Dispose();
            throw;
        }
        this.activity = activity;
        activity?.Started();
    }

    /// <summary>
    /// The text of the end-of-sequence token (for example <c>&lt;|end_story|&gt;</c>). A model may spell that
    /// marker out of ordinary pieces ("&lt;", "|", "end", ...) instead of sampling the special token, especially
    /// after a chat template taught it the <c>&lt;|...|&gt;</c> shape; the marker never belongs in a reply, so its
    /// text stops generation exactly like the token does.
    /// </summary>
    private static IEnumerable<string> SpelledOutEndMarkers(LlamaModel model)
    {
        if (model.EosToken >= 0 && model.TokenText(model.EosToken) is { Length: > 1 } eos) yield return eos;
    }

    /// <summary>The request.</summary>
    public GenerationRequest Request { get; }
    /// <summary>The prompt's token ids (at least one).</summary>
    public int[] PromptTokens { get; }
    /// <summary>This job's own sampler (its own penalties history, grammar state and RNG).</summary>
    public TokenSampler Sampler { get; }
    /// <summary>Whether the scheduler picks this job's tokens with <see cref="GreedyArgmax.Select"/> instead of the
    /// chain (same tokens; the chain then stays unused).</summary>
    public bool UsesGreedyArgmax { get; }
    /// <summary>For <see cref="UsesGreedyArgmax"/> with ignore_eos: the end-of-generation tokens' mask (n_vocab), else null.</summary>
    public bool[]? GreedyBans { get; }
    /// <summary>The grammar step view (<see cref="GenerationRequest.TraceGrammar"/> with a grammar), else null;
    /// the scheduler calls its <see cref="GrammarTracer.Evaluate"/> before sampling each token.</summary>
    public GrammarTracer? GrammarTracer { get; }
    /// <summary>The per-sequence context window in tokens.</summary>
    public int ContextSize { get; }
    /// <summary><see cref="Stopwatch.GetTimestamp"/> when the request arrived.</summary>
    public long ArrivedAt { get; }
    /// <summary>Tokens sampled and emitted so far.</summary>
    public int CompletionTokens { get; private set; }
    /// <summary>What the caller reads.</summary>
    public ChannelReader<GenerationUpdate> Updates => output.Reader;
    /// <summary>Called (on the cancelling thread) when a cancel arrives while this job's prompt is being decoded.</summary>
    public Action? AbortDecode { get; set; }

    /// <summary>Whether the caller cancelled (or stopped reading).</summary>
    public bool IsCancellationRequested => Volatile.Read(ref cancelRequested) != 0;

    /// <summary>
    /// Marks the job cancelled. If its prompt is inside the <c>llama_decode</c> running right now, also asks for
    /// that decode to abort. Paired with <see cref="BeginPrefillDecode"/> (each side writes its flag, then reads
    /// the other's, with full fences), at least one of the two threads sees the other, so no cancel is lost.
    /// </summary>
    public void RequestCancel()
    {
        Interlocked.Exchange(ref cancelRequested, 1);
        if (Volatile.Read(ref prefillInFlight) != 0) AbortDecode?.Invoke();
    }

    /// <summary>The scheduler is about to decode prompt tokens of this job; returns false if already cancelled.</summary>
    public bool BeginPrefillDecode()
    {
        Interlocked.Exchange(ref prefillInFlight, 1);
        return !IsCancellationRequested;
    }

    /// <summary>The decode that held prompt tokens of this job returned.</summary>
    public void EndPrefillDecode() => Interlocked.Exchange(ref prefillInFlight, 0);

    /// <summary>Records the start of the first prompt decode.</summary>
    public void MarkPromptStarted(long now)
    {
        if (promptStarted == 0) promptStarted = now;
    }

    /// <summary>Records the end of the decode that completed the prompt.</summary>
    public void MarkPromptDone(long now) => promptDone = now;

    /// <summary>
    /// Handles one sampled token: end-of-generation, text (UTF-8 then stop strings), log-probabilities, limits.
    /// </summary>
    /// <param name="token">The token <c>llama_sampler_sample</c> chose (already accepted by the chain).</param>
    /// <param name="logits">The raw logits row it was sampled from (n_vocab floats, owned by the context).</param>
    /// <param name="tokensInContext">Tokens of this sequence in the KV cache (prompt plus decoded samples).</param>
    /// <returns>True when the generation has finished (the final update was written).</returns>
    public bool OnTokenSampled(int token, ReadOnlySpan<float> logits, int tokensInContext)
    {
        var now = Stopwatch.GetTimestamp();
        if (firstToken == 0) firstToken = now;
        if (model.IsEndOfGeneration(token))
        {
            Finish(FinishReason.Stop);
            return true;
        }

        lastToken = now;
        CompletionTokens++;
        activity?.TokenSampled();
        var bytes = model.TokenBytes(token);
        var text = stops.Append(utf8.Append(bytes));
        var logSumExp = TokenLogprobs.LogSumExp(logits);
        var trace = GrammarTracer;
        var top = TokenLogprobs.Top(logits, Request.TopLogprobs, logSumExp)
            .Select(t =>
            {
                var altBytes = model.TokenBytes(t.Id);
                return new TokenAlternative(t.Id, Encoding.UTF8.GetString(altBytes), t.Logprob, altBytes) { Allowed = trace?.IsAllowed(t.Id) };
            })
            .ToArray();
        // A piece is its bytes decoded (as LlamaModel.TokenPiece does): one llama_token_to_piece call per token, not two.
        var sampled = new SampledToken(token, Encoding.UTF8.GetString(bytes), TokenLogprobs.LogProb(logits, token, logSumExp), bytes, top)
        {
            GrammarAllowed = trace?.AllowedCount,
        };
        trace?.Accept(token);
        output.Writer.TryWrite(new GenerationUpdate { Token = sampled, Text = text });

        if (stops.Matched) Finish(FinishReason.Stop);
        else if (CompletionTokens >= Request.MaxTokens) Finish(FinishReason.Length);
        else if (tokensInContext >= ContextSize) Finish(FinishReason.Length); // no cell left to decode this token
        else return false;
        return true;
    }

    /// <summary>Writes the final update (held-back text, finish reason, usage, timings) and closes the stream.</summary>
    public void Finish(FinishReason reason)
    {
        var rest = stops.Matched ? "" : stops.Append(utf8.Flush()) + stops.Flush();
        output.Writer.TryWrite(new GenerationUpdate
        {
            Text = rest,
            FinishReason = reason,
            Usage = new GenerationUsage(PromptTokens.Length, CompletionTokens),
            Timings = BuildTimings(),
        });
        output.Writer.TryComplete();
        CountEnd(reason);
    }

    /// <summary>Ends the stream with an error (the caller's enumeration throws it).</summary>
    public void Fail(Exception error)
    {
        output.Writer.TryComplete(error);
        CountEnd(null);
    }

    private void CountEnd(FinishReason? reason)
    {
        if (Interlocked.Exchange(ref ended, 1) == 0) activity?.Ended(reason);
    }

    /// <summary>Frees the sampler chain and the grammar tracer.</summary>
    public void Dispose()
    {
        Sampler.Dispose();
        GrammarTracer?.Dispose();
    }

    private GenerationTimings BuildTimings()
    {
        var promptDuration = promptDone > promptStarted ? Stopwatch.GetElapsedTime(promptStarted, promptDone) : TimeSpan.Zero;
        var ttft = firstToken != 0 ? Stopwatch.GetElapsedTime(ArrivedAt, firstToken) : TimeSpan.Zero;
        var generation = lastToken > firstToken ? Stopwatch.GetElapsedTime(firstToken, lastToken) : TimeSpan.Zero;
        return new GenerationTimings(
            ttft,
            promptDuration,
            generation,
            promptDuration > TimeSpan.Zero ? PromptTokens.Length / promptDuration.TotalSeconds : 0,
            CompletionTokens >= 2 && generation > TimeSpan.Zero ? (CompletionTokens - 1) / generation.TotalSeconds : 0);
    }
}
