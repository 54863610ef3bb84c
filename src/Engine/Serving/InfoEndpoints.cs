using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Logging;
using Workbench.Engine.Inference;
using Workbench.Engine.Sampling;
using Workbench.Engine.Serving.Wire;
using Workbench.Engine.Tools;
using Workbench.Engine.Tools.Parsing;

namespace Workbench.Engine.Serving;

/// <summary>Handlers of <c>/v1/models</c>, <c>/tokenize</c>, <c>/detokenize</c>, <c>/apply-template</c>,
/// <c>/props</c> and <c>/health</c> (llama-server's shapes).</summary>
internal static class InfoEndpoints
{
    public static IResult Models([FromServices] IInferenceEngine engine)
    {
        var data = new List<ModelEntryBody>();
        if (engine.Model is { } model)
        {
            data.Add(new ModelEntryBody
            {
                Id = model.Id,
                Created = new DateTimeOffset(File.GetLastWriteTimeUtc(model.Path)).ToUnixTimeSeconds(),
                Meta = new ModelMetaBody
                {
                    NVocab = model.VocabSize, NCtxTrain = model.ContextLengthTrain, NEmbd = model.EmbeddingLength,
                    NParams = model.ParameterCount, Size = model.SizeInBytes,
                },
            });
        }
        return TypedResults.Json(new ModelListBody { Data = data }, OpenAiJsonContext.Wire.ModelListBody);
    }

    public static Task TokenizeAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ILoggerFactory loggers) =>
        HandleAsync(http, loggers, async cancellationToken =>
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.TokenizeRequestBody);
            if (body.Content is null) throw new ApiRequestException("'content' must be a string.", "content");
            ApiIo.RequireModel(engine);
            var tokens = await engine.TokenizeAsync(body.Content, body.AddSpecial, body.ParseSpecial, cancellationToken);
            if (!body.WithPieces)
                return TypedResults.Json(new TokenizeResponseBody { Tokens = tokens }, OpenAiJsonContext.Wire.TokenizeResponseBody);
            var pieces = new List<TokenPieceBody>(tokens.Count);
            foreach (var id in tokens)
            {
                var piece = await engine.DetokenizeAsync([id], removeSpecial: false, unparseSpecial: true, cancellationToken);
                pieces.Add(new TokenPieceBody { Id = id, Piece = piece });
            }
            return TypedResults.Json(new TokenizeWithPiecesResponseBody { Tokens = pieces }, OpenAiJsonContext.Wire.TokenizeWithPiecesResponseBody);
        });

    public static Task DetokenizeAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ILoggerFactory loggers) =>
        HandleAsync(http, loggers, async cancellationToken =>
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.DetokenizeRequestBody);
            if (body.Tokens is null) throw new ApiRequestException("'tokens' must be an array of token ids.", "tokens");
            ApiIo.RequireModel(engine);
            var text = await engine.DetokenizeAsync(body.Tokens, body.RemoveSpecial, body.UnparseSpecial, cancellationToken);
            return TypedResults.Json(new DetokenizeResponseBody { Content = text }, OpenAiJsonContext.Wire.DetokenizeResponseBody);
        });

    /// <summary><c>POST /apply-template</c>: messages and tools validated by the shared <c>RequestValidator</c>
    /// rules; <c>chat_template</c> is Jinja source when it contains <c>{%</c> or <c>{{</c>, else a built-in name.</summary>
    public static Task ApplyTemplateAsync(HttpContext http, [FromServices] IInferenceEngine engine, [FromServices] ILoggerFactory loggers) =>
        HandleAsync(http, loggers, async cancellationToken =>
        {
            var body = await ApiIo.ReadBodyAsync(http, OpenAiJsonContext.Wire.ApplyTemplateRequestBody);
            var validated = RequestMapper.ToChatGeneration(new ChatCompletionRequestBody { Messages = body.Messages, Tools = body.Tools });
            ApiIo.RequireModel(engine);
            var template = string.IsNullOrWhiteSpace(body.ChatTemplate) ? null : body.ChatTemplate;
            if (!body.RenderToolCalls)
            {
                var plain = await engine.ApplyChatTemplateAsync(validated.Messages, template, body.AddGenerationPrompt, cancellationToken);
                return TypedResults.Json(new ApplyTemplateResponseBody
                {
                    Prompt = plain.Text, Template = plain.TemplateName, ToolCallFormat = FormatName(plain.ToolCallFormat),
                }, OpenAiJsonContext.Wire.ApplyTemplateResponseBody);
            }
            bool isSource = template is not null && (template.Contains("{%", StringComparison.Ordinal) || template.Contains("{{", StringComparison.Ordinal));
            var request = new ChatRenderRequest
            {
                Messages = validated.Messages,
                Tools = validated.Tools,
                AddGenerationPrompt = body.AddGenerationPrompt,
                TemplateName = isSource ? null : template?.Trim(),
                TemplateSource = isSource ? template : null,
                TemplateVariables = body.ChatTemplateKwargs,
                BosToken = body.BosToken,
                EosToken = body.EosToken,
                Now = ReadNow(body.Now),
            };
            var rendered = await engine.RenderChatAsync(request, cancellationToken);
            return TypedResults.Json(new ApplyTemplateResponseBody
            {
                Prompt = rendered.Text, Template = rendered.TemplateName, ToolCallFormat = FormatName(rendered.ToolCallFormat),
            }, OpenAiJsonContext.Wire.ApplyTemplateResponseBody);
        });

    /// <summary>The wire name of a format: vLLM's <c>--tool-call-parser</c> name; null for null.</summary>
    public static string? FormatName(ToolCallFormat? format) => format is { } f ? ToolCallFormats.Get(f).VllmToolCallParser : null;

    private static DateTimeOffset? ReadNow(string? now)
    {
        if (now is null) return null;
        if (DateTimeOffset.TryParse(now, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value)) return value;
        throw new ApiRequestException("'now' must be an ISO 8601 date and time, e.g. 2025-03-07T14:05:09Z.", "now", ErrorMapping.InvalidValue);
    }

    public static IResult Props([FromServices] IInferenceEngine engine, [FromServices] EngineOptions options)
    {
        var model = engine.Model;
        var sampling = new SamplingOptions();
        return TypedResults.Json(new PropsBody
        {
            Model = model,
            ModelPath = model?.Path,
            NCtx = model?.ContextSize ?? 0,
            TotalSlots = options.ParallelSequences,
            ChatTemplate = model?.ChatTemplate,
            BosToken = model?.BosText,
            EosToken = model?.EosText,
            ToolCallFormat = FormatName(model?.ToolCallFormat),
            DefaultChatTemplate = options.ChatTemplate,
            Engine = StatusName(engine.Status),
            DefaultGenerationSettings = new DefaultGenerationSettingsBody
            {
                NCtx = model?.ContextSize ?? 0,
                Params = new SamplingParamsBody
                {
                    Temperature = sampling.Temperature, TopK = sampling.TopK, TopP = sampling.TopP, MinP = sampling.MinP,
                    RepeatPenalty = sampling.RepeatPenalty, RepeatLastN = sampling.RepeatLastN,
                    PresencePenalty = sampling.PresencePenalty, FrequencyPenalty = sampling.FrequencyPenalty,
                },
            },
        }, OpenAiJsonContext.Wire.PropsBody);
    }

    /// <summary>200 ok whenever a model serves (even while another loads); 503 loading / no_model otherwise. An
    /// in-process engine also reports its <see cref="GenerationActivity"/> (slots_processing, tokens_predicted_total,
    /// requests_cancelled_total): the evidence that a cancelled stream stopped generating.</summary>
    public static IResult Health([FromServices] IInferenceEngine engine)
    {
        var engineStatus = StatusName(engine.Status);
        var (status, code) = engine.Model is not null ? ("ok", StatusCodes.Status200OK)
            : engine.Status == EngineStatus.Loading ? ("loading", StatusCodes.Status503ServiceUnavailable)
            : ("no_model", StatusCodes.Status503ServiceUnavailable);
        var activity = (engine as LlamaEngine)?.Activity;
        return TypedResults.Json(new HealthBody
        {
            Status = status, Engine = engineStatus, SlotsProcessing = activity?.ActiveGenerations,
            TokensPredictedTotal = activity?.TokensGenerated, RequestsCancelledTotal = activity?.CancelledGenerations,
        }, OpenAiJsonContext.Wire.HealthBody, statusCode: code);
    }

    public static string StatusName(EngineStatus status) => status.ToString().ToLowerInvariant();

    private static async Task HandleAsync(HttpContext http, ILoggerFactory loggers, Func<CancellationToken, Task<IResult>> handler)
    {
        var log = loggers.CreateLogger(typeof(OpenAiApi));
        try
        {
            var result = await handler(http.RequestAborted);
            await result.ExecuteAsync(http);
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            log.LogDebug("Client disconnected.");
        }
        catch (Exception e)
        {
            await ApiIo.WriteErrorAsync(http, e, null, log);
        }
    }
}
