using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;

namespace Workbench.Engine.Serving;

/// <summary>Handlers of <c>POST /v1/chat/completions</c> and <c>POST /v1/completions</c>.</summary>
internal static partial class GenerationEndpoints
{
    public static async Task ChatCompletionsAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(OpenAiApi));
        var cancellationToken = http.RequestAborted;
        ResponseShape? shape = null;
        try
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.ChatCompletionRequestBody);
            var model = ApiIo.RequireModel(engine);
            RequestMapper.CheckModel(body.Model, model);
            shape = new ChatResponseShape(model.Id);
            var generation = RequestMapper.ToChatGeneration(body, model);
            var rendered = await engine.RenderChatAsync(new ChatRenderRequest
            {
                Messages = generation.Messages,
                Tools = generation.Tools,
                TemplateName = string.IsNullOrWhiteSpace(body.ChatTemplate) ? null : body.ChatTemplate,
                TemplateVariables = body.ChatTemplateKwargs is { Count: > 0 } kwargs ? kwargs : null,
            }, cancellationToken);
            var session = ToolCallSession.Create(generation.Tools, generation.ToolChoice, generation.ParallelToolCalls, rendered.ToolCallFormat);
            generation = generation with
            {
                Request = generation.Request with { Prompt = rendered.Text, Sampling = session.ApplyTo(generation.Request.Sampling) },
            };
            if (session.ParsesCalls)
                await RunWithToolsAsync(http, engine, generation, session, (ChatResponseShape)shape, log);
            else
                await RunAsync(http, engine, generation, shape, log);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogDebug("Client disconnected before the answer.");
        }
        catch (Exception e)
        {
            await ApiIo.WriteErrorAsync(http, e, shape?.PromptParam ?? "messages", log);
        }
    }

    public static async Task CompletionsAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ILoggerFactory loggers)
    {
        var log = loggers.CreateLogger(typeof(OpenAiApi));
        var cancellationToken = http.RequestAborted;
        try
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.CompletionRequestBody);
            var model = ApiIo.RequireModel(engine);
            RequestMapper.CheckModel(body.Model, model);
            if (body.Prompt is null)
                throw new ApiRequestException("'prompt' must be a string.", "prompt");
            var generation = RequestMapper.ToGeneration(body, body.Prompt, model);
            await RunAsync(http, engine, generation, new CompletionResponseShape(model.Id), log);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            log.LogDebug("Client disconnected before the answer.");
        }
        catch (Exception e)
        {
            await ApiIo.WriteErrorAsync(http, e, "prompt", log);
        }
    }

    /// <summary>Runs a generation and writes it whole or as events. The first update is pulled before any
    /// header is sent, so errors the engine raises at once (prompt too long, bad grammar) are plain 400s.</summary>
    private static async Task RunAsync(HttpContext http, IInferenceEngine engine, ApiGeneration generation, ResponseShape shape, ILogger log)
    {
        var cancellationToken = http.RequestAborted;
        await using var updates = engine.GenerateAsync(generation.Request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        var hasFirst = await updates.MoveNextAsync();
        if (!generation.Stream)
        {
            var text = new StringBuilder();
            var logprobs = generation.Logprobs ? new List<TokenLogprobBody>() : null;
            for (var has = hasFirst; has; has = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                text.Append(update.Text);
                if (update.Token is { } token) logprobs?.Add(WireConversions.ToWire(token));
                if (update.FinishReason is { } reason)
                {
                    if (reason == FinishReason.Cancelled && cancellationToken.IsCancellationRequested) return;
                    var usage = update.Usage is null ? null : WireConversions.ToWire(update.Usage);
                    var timings = update.Timings is null ? null : WireConversions.ToWire(update.Timings, update.Usage);
                    var result = shape.Complete(text.ToString(), logprobs is null ? null : new LogprobsBody { Content = logprobs },
                        WireConversions.ToWire(reason), usage, timings);
                    await result.ExecuteAsync(http);
                    return;
                }
            }
            throw new InvalidOperationException("The engine's stream ended without a finish reason.");
        }

        SseWriter.Start(http);
        try
        {
            await shape.WriteStartAsync(http, cancellationToken);
            for (var has = hasFirst; has; has = await updates.MoveNextAsync())
            {
                var update = updates.Current;
                var logprobs = generation.Logprobs && update.Token is { } token
                    ? new LogprobsBody { Content = [WireConversions.ToWire(token)] }
                    : null;
                if (update.FinishReason is { } reason)
                {
                    var timings = update.Timings is null ? null : WireConversions.ToWire(update.Timings, update.Usage);
                    await shape.WriteChunkAsync(http, update.Text, logprobs, WireConversions.ToWire(reason), timings, cancellationToken);
                    if (generation.IncludeUsage && update.Usage is not null)
                        await shape.WriteUsageAsync(http, WireConversions.ToWire(update.Usage), timings, cancellationToken);
                    break;
                }
                if (update.Text.Length > 0 || logprobs is not null)
                    await shape.WriteChunkAsync(http, update.Text, logprobs, null, null, cancellationToken);
            }
            await SseWriter.WriteDoneAsync(http, cancellationToken);
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && e is OperationCanceledException or IOException)
        {
            log.LogDebug("Client disconnected from stream {Id}.", shape.Id);
        }
        catch (Exception e)
        {
            await ApiIo.WriteStreamErrorAsync(http, e, shape.PromptParam, log);
        }
    }
}
