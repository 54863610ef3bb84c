using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Workbench.Engine.Serving.Wire;

namespace Workbench.Engine.Serving;

/// <summary>
/// Writes OpenAI's error envelope <c>{"error":{"message","type","param","code"}}</c> (OpenAI API reference,
/// "Error codes"): the one writer of it. The engine's handlers answer through it (<c>ErrorMapping</c>, the table from
/// exceptions to status, type and code), and so do answers made outside a handler: the engine's 405, and the web
/// app's request checks (413 body too large, 403 foreign origin, 415 not JSON), its 429 rate limit and its 503
/// while no worker serves, in front of the forwarded engine routes.
/// </summary>
public static class OpenAiErrorWriter
{
    /// <summary>OpenAI's <c>type</c> of a rejected request.</summary>
    public const string InvalidRequestType = "invalid_request_error";

    /// <summary>OpenAI-style <c>type</c> of a 503: no model, the engine or its worker unavailable.</summary>
    public const string UnavailableType = "unavailable_error";

    /// <summary>The <c>code</c> of a 429 (the <c>type</c> is the limit: <c>requests</c> or <c>tokens</c>).</summary>
    public const string RateLimitExceededCode = "rate_limit_exceeded";

    /// <summary>The <c>code</c> of the web app's 503 while no inference worker serves.</summary>
    public const string WorkerUnavailableCode = "worker_unavailable";

    /// <summary>The <c>code</c> of a 413: the body is above the route's <see cref="RequestBodyLimits"/>.</summary>
    public const string RequestTooLargeCode = "request_too_large";

    /// <summary>The <c>code</c> of a 405.</summary>
    public const string MethodNotAllowedCode = "method_not_allowed";

    /// <summary>The message of a 413 when the limit is not known to the writer.</summary>
    public const string RequestTooLargeMessage =
        "The request body is larger than this endpoint accepts (4 MiB for chat/completions, completions and apply-template; 256 KiB for tokenize and detokenize; 64 KiB otherwise).";

    /// <summary>Answers <paramref name="status"/> with the envelope (content type <c>application/json</c>).</summary>
    /// <param name="http">The request's context; its response must not have started.</param>
    /// <param name="status">The HTTP status.</param>
    /// <param name="message">A safe, readable message.</param>
    /// <param name="code">The envelope's <c>code</c>, or null.</param>
    /// <param name="param">The request field at fault, or null.</param>
    /// <param name="type">The envelope's <c>type</c>. Default <see cref="InvalidRequestType"/>.</param>
    public static Task WriteAsync(HttpContext http, int status, string message, string? code, string? param = null, string type = InvalidRequestType)
    {
        ArgumentNullException.ThrowIfNull(http);
        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(Envelope(message, type, code, param), OpenAiJsonContext.Wire.ErrorEnvelope, contentType: null, http.RequestAborted);
    }

    /// <summary>The envelope as UTF-8 JSON, for a body or a stream's <c>data:</c> event written by hand.</summary>
    /// <param name="message">A safe, readable message.</param>
    /// <param name="type">The envelope's <c>type</c>.</param>
    /// <param name="code">The envelope's <c>code</c>, or null.</param>
    /// <param name="param">The request field at fault, or null.</param>
    public static byte[] ToJson(string message, string type, string? code, string? param = null) =>
        JsonSerializer.SerializeToUtf8Bytes(Envelope(message, type, code, param), OpenAiJsonContext.Wire.ErrorEnvelope);

    /// <summary>The envelope object; llama-server's n_prompt_tokens / n_ctx only on context_length_exceeded.</summary>
    internal static ErrorEnvelope Envelope(string message, string type, string? code, string? param,
        int? promptTokens = null, int? contextSize = null) =>
        new()
        {
            Error = new ErrorBody
            {
                Message = message, Type = type, Param = param, Code = code, NPromptTokens = promptTokens, NCtx = contextSize,
            },
        };

    /// <summary>Answers 413 <c>request_too_large</c> naming <paramref name="limitBytes"/>.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="limitBytes">The route's limit in bytes.</param>
    public static Task WriteRequestTooLargeAsync(HttpContext http, long limitBytes) =>
        WriteAsync(http, StatusCodes.Status413PayloadTooLarge,
            string.Create(CultureInfo.InvariantCulture, $"The request body is larger than the {limitBytes:N0} bytes this endpoint accepts."),
            RequestTooLargeCode);

    /// <summary>Answers 405 <c>method_not_allowed</c> with an <c>Allow</c> header.</summary>
    /// <param name="http">The request's context.</param>
    /// <param name="allowed">The methods the route serves, for example <c>POST</c>.</param>
    public static Task WriteMethodNotAllowedAsync(HttpContext http, string allowed)
    {
        http.Response.Headers.Allow = allowed;
        return WriteAsync(http, StatusCodes.Status405MethodNotAllowed,
            $"{http.Request.Method} is not allowed on {http.Request.Path}; use {allowed}.", MethodNotAllowedCode);
    }
}
