using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workbench.Engine.Grammar.JsonSchema;
using Workbench.Engine.Inference;
using Workbench.Engine.Requests;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>An error as the API reports it: HTTP status plus OpenAI's error object fields.</summary>
internal sealed record ApiError(int Status, string Type, string Message, string? Param, string? Code)
{
    public int? PromptTokens { get; init; }
    public int? ContextSize { get; init; }

    public ErrorEnvelope ToEnvelope() => OpenAiErrorWriter.Envelope(Message, Type, Code, Param, PromptTokens, ContextSize);
}

/// <summary>
/// The one table between exceptions and OpenAI-style errors, in both directions: the server maps what it
/// catches to (status, type, code); <see cref="RemoteInferenceEngine"/> maps an error it receives back to the
/// same exception type. Only messages of known, safe exceptions reach clients.
/// </summary>
internal static class ErrorMapping
{
    public const string InvalidRequest = OpenAiErrorWriter.InvalidRequestType;
    public const string Unavailable = OpenAiErrorWriter.UnavailableType;
    public const string ServerError = "server_error";
    public const string GenericMessage = "The server had an error while processing your request.";

    public const string ContextLengthExceeded = "context_length_exceeded";
    public const string InvalidGrammar = "invalid_grammar";
    public const string InvalidChatTemplate = "invalid_chat_template";
    public const string TokenizationFailed = "tokenization_failed";
    public const string ModelLoadFailed = "model_load_failed";
    public const string NoModel = "no_model";
    public const string ModelLoading = "model_loading";
    public const string EngineUnavailable = "engine_unavailable";
    public const string EngineError = "engine_error";
    public const string InvalidJson = "invalid_json";
    public const string InvalidValue = RequestValidationException.InvalidValue;
    public const string RateLimitExceeded = OpenAiErrorWriter.RateLimitExceededCode;
    /// <summary>The web app's proxy while no inference worker serves (HTTP 503).</summary>
    public const string WorkerUnavailable = OpenAiErrorWriter.WorkerUnavailableCode;
    /// <summary>A body above the route's <see cref="RequestBodyLimits"/> (HTTP 413).</summary>
    public const string RequestTooLarge = OpenAiErrorWriter.RequestTooLargeCode;
    /// <summary>A method the route does not serve (HTTP 405).</summary>
    public const string MethodNotAllowed = OpenAiErrorWriter.MethodNotAllowedCode;
    /// <summary>A JSON Schema keyword outside the converter's subset (<see cref="JsonSchemaException.Keyword"/> set).</summary>
    public const string UnsupportedSchema = RequestValidationException.UnsupportedSchema;
    /// <summary>A malformed JSON Schema (<see cref="JsonSchemaException.Keyword"/> null).</summary>
    public const string InvalidSchema = RequestValidationException.InvalidSchema;

    /// <summary>Maps an exception to the error the client sees.</summary>
    /// <param name="exception">What was caught.</param>
    /// <param name="promptParam">The request field holding the prompt (<c>messages</c> or <c>prompt</c>).</param>
    /// <returns>The error, or null when the exception is not a known one (the caller logs it and answers 500
    /// with <see cref="GenericMessage"/>).</returns>
    public static ApiError? TryMap(Exception exception, string? promptParam = null) => exception switch
    {
        BadHttpRequestException { StatusCode: 413 } => new(413, InvalidRequest, OpenAiErrorWriter.RequestTooLargeMessage, null, RequestTooLarge),
        ApiRequestException e => new(e.Status, e.Status == 503 ? Unavailable : InvalidRequest, e.Message, e.Param, e.Code),
        RequestValidationException e => new(400, InvalidRequest, e.Message, e.Field, e.Code),
        JsonException e => new(400, InvalidRequest, "The request body is not valid JSON for this endpoint: " + e.Message,
            ParamFromPath(e.Path), InvalidJson),
        PromptTooLongException e => new(400, InvalidRequest, e.Message, promptParam, ContextLengthExceeded)
            { PromptTokens = e.PromptTokens, ContextSize = e.ContextSize },
        GrammarException e => new(400, InvalidRequest, e.Message, "grammar", InvalidGrammar),
        JsonSchemaException e => new(400, InvalidRequest, ResponseFormatMapper.Describe(e), "response_format",
            e.Keyword is null ? InvalidSchema : UnsupportedSchema),
        ChatTemplateException e => new(400, InvalidRequest, e.Message, "chat_template", InvalidChatTemplate),
        TokenizationException e => new(400, InvalidRequest, e.Message, null, TokenizationFailed),
        ModelLoadException e => new(400, InvalidRequest, e.Message, "path", ModelLoadFailed),
        NoModelLoadedException e => new(503, Unavailable, e.Message, null, NoModel),
        EngineUnavailableException e => new(503, Unavailable, e.Message, null, EngineUnavailable),
        RateLimitException e => new(429, e.Limit, e.Message, null, RateLimitExceeded),
        ArgumentException e when e is not ArgumentNullException => new(400, InvalidRequest, StripParamSuffix(e), e.ParamName, InvalidValue),
        EngineException e => new(500, ServerError, e.Message, null, EngineError),
        _ => null,
    };

    /// <summary>Maps an exception, falling back to a generic 500.</summary>
    public static ApiError Map(Exception exception, string? promptParam = null) =>
        TryMap(exception, promptParam) ?? new ApiError(500, ServerError, GenericMessage, null, null);

    /// <summary>Rebuilds the exception an error stands for (the reverse of <see cref="TryMap"/>).</summary>
    /// <param name="status">HTTP status of the answer (200 for an error event inside a stream).</param>
    /// <param name="error">The error object, or null when the body held none.</param>
    public static Exception ToException(int status, ErrorBody? error)
    {
        var message = string.IsNullOrWhiteSpace(error?.Message) ? $"The inference worker answered HTTP {status}." : error.Message;
        return error?.Code switch
        {
            ContextLengthExceeded => new PromptTooLongException(error.NPromptTokens ?? 0, error.NCtx ?? 0),
            InvalidGrammar => new GrammarException(message),
            InvalidChatTemplate => new ChatTemplateException(message),
            TokenizationFailed => new TokenizationException(message),
            ModelLoadFailed => new ModelLoadException(message),
            NoModel => new NoModelLoadedException(),
            RateLimitExceeded => new RateLimitException(message, TimeSpan.Zero, error.Type == RateLimitException.Tokens ? RateLimitException.Tokens : RateLimitException.Requests),
            EngineError => new DecodeException(message),
            _ when status == 503 || error?.Type == Unavailable => new EngineUnavailableException(message),
            _ when status is >= 400 and < 500 => new ArgumentException(message, error?.Param),
            _ => new EngineUnavailableException(message),
        };
    }

    private static string? ParamFromPath(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$") return null;
        return path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
    }

    private static string StripParamSuffix(ArgumentException e)
    {
        var suffix = $" (Parameter '{e.ParamName}')";
        return e.ParamName is not null && e.Message.EndsWith(suffix, StringComparison.Ordinal) ? e.Message[..^suffix.Length] : e.Message;
    }
}
