using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

public sealed partial class RemoteInferenceEngine
{
    private static readonly JsonElement JsonTrue = JsonDocument.Parse("true").RootElement.Clone();

    /// <inheritdoc />
    /// <remarks>
    /// <c>POST /v1/completions</c> with <c>stream: true</c>, <c>logprobs: true</c> and
    /// <c>stream_options.include_usage</c>, read event by event; <see cref="GenerationRequest.TraceGrammar"/> travels as
    /// <c>grammar_trace: true</c> and comes back in <c>logprobs.content[].grammar_allowed</c> and
    /// <c>top_logprobs[].allowed</c>; a lazy grammar's triggers travel as <c>grammar_lazy: true</c> and
    /// <c>grammar_triggers</c> (llama-server's names). Cancelling closes the response, which stops the
    /// generation on the worker, and ends this stream with <see cref="FinishReason.Cancelled"/> (usage then counts
    /// the tokens received; the prompt count is unknown and reported as 0).
    /// </remarks>
    /// <exception cref="EngineUnavailableException">The worker is not reachable, or the stream broke off before
    /// its final event.</exception>
    public async IAsyncEnumerable<GenerationUpdate> GenerateAsync(GenerationRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var content = JsonContent.Create(ToBody(request), OpenAiJsonContext.Wire.CompletionRequestBody);
        HttpResponseMessage? response = null;
        try
        {
            response = await SendAsync(HttpMethod.Post, "/v1/completions", content, streaming: true, checkStatus: true, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        if (response is null)
        {
            yield return Cancelled(0);
            yield break;
        }

        using (response)
        {
            Stream stream;
            try
            {
                stream = await response.Content.ReadAsStreamAsync(cancellationToken);
            }
            catch (Exception e) when (e is IOException or HttpRequestException)
            {
                throw new EngineUnavailableException(e);
            }
            await using var _ = stream;
            using var reader = new ServerSentEventReader(stream);
            GenerationUpdate? final = null;
            var received = 0;
            while (true)
            {
                string? data = null;
                var cancelled = false;
                try
                {
                    data = await ReadEventAsync(reader, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    cancelled = true;
                }
                if (cancelled)
                {
                    yield return Cancelled(received);
                    yield break;
                }
                if (data is null || data == "[DONE]")
                {
                    yield return final ?? throw new EngineUnavailableException();
                    yield break;
                }

                var chunk = Deserialize(data, OpenAiJsonContext.Wire.StreamEventBody);
                if (chunk.Error is { } error) throw ErrorMapping.ToException(200, error);
                if (chunk.Choices is [var choice, ..])
                {
                    var token = choice.Logprobs?.Content is [var logprob, ..] ? WireConversions.FromWire(logprob) : null;
                    if (WireConversions.FromWire(choice.FinishReason) is { } reason)
                    {
                        final = new GenerationUpdate
                        {
                            Text = choice.Text,
                            FinishReason = reason,
                            Timings = chunk.Timings is null ? null : WireConversions.FromWire(chunk.Timings),
                            Usage = new GenerationUsage(chunk.Timings?.PromptN ?? 0, chunk.Timings?.PredictedN ?? received),
                        };
                    }
                    else
                    {
                        if (token is not null) received++;
                        yield return new GenerationUpdate { Token = token, Text = choice.Text };
                    }
                }
                if (chunk.Usage is { } usage && final is not null)
                    final = final with { Usage = new GenerationUsage(usage.PromptTokens, usage.CompletionTokens) };
            }
        }
    }

    private static GenerationUpdate Cancelled(int received) => new()
    {
        FinishReason = FinishReason.Cancelled,
        Usage = new GenerationUsage(0, received),
    };

    /// <summary>The lazy grammar's triggers as llama-server's <c>grammar_triggers</c>.</summary>
    private static List<GrammarTriggerBody> Triggers(SamplingOptions sampling) =>
    [
        .. (sampling.GrammarTriggerPatterns ?? []).Select(p => new GrammarTriggerBody { Type = "pattern", Value = p }),
        .. (sampling.GrammarTriggerTokens ?? []).Select(t => new GrammarTriggerBody { Type = "token", Token = t }),
    ];

    private static CompletionRequestBody ToBody(GenerationRequest request)
    {
        var s = request.Sampling;
        return new CompletionRequestBody
        {
            Prompt = request.Prompt,
            Stream = true,
            StreamOptions = new StreamOptionsBody { IncludeUsage = true },
            MaxTokens = request.MaxTokens,
            Temperature = s.Temperature,
            TopK = s.TopK,
            TopP = s.TopP,
            MinP = s.MinP,
            RepeatPenalty = s.RepeatPenalty,
            RepeatLastN = s.RepeatLastN,
            PresencePenalty = s.PresencePenalty,
            FrequencyPenalty = s.FrequencyPenalty,
            Seed = s.Seed,
            Grammar = s.Grammar,
            IgnoreEos = s.IgnoreEos ? true : null,
            LogitBias = s.LogitBias is { Count: > 0 } bias ? LogitBiasReader.ToJson(bias) : null,
            GrammarRoot = s.Grammar is null ? null : s.GrammarRoot,
            Stop = request.Stop.Count == 0 ? null : [.. request.Stop],
            Logprobs = JsonTrue,
            TopLogprobs = request.TopLogprobs,
            GrammarTrace = request.TraceGrammar ? true : null,
            GrammarLazy = s.Grammar is not null && s.HasGrammarTriggers ? true : null,
            GrammarTriggers = s.Grammar is not null && s.HasGrammarTriggers ? Triggers(s) : null,
        };
    }
}
