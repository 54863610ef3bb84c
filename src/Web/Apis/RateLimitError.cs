using System.Globalization;
using Workbench.Engine.Inference;
using Workbench.Engine.Serving;

namespace Workbench.Web.Apis;

/// <summary>
/// How the proxy answers a <see cref="RateLimitException"/> from the <c>EngineAccessGate</c>: HTTP 429 with the
/// engine's own mapping of that exception (OpenAI's error envelope, written by <see cref="OpenAiErrorWriter"/>, <c>type</c> = <see cref="RateLimitException.Limit"/>
/// (<c>requests</c> or <c>tokens</c>), <c>code</c> = <see cref="Code"/>, the exception's safe message) plus a
/// <c>Retry-After</c> header in whole seconds (at least 1).
/// </summary>
internal static class RateLimitError
{
    /// <summary>The envelope's <c>code</c>, as the engine's API sends it.</summary>
    public const string Code = OpenAiErrorWriter.RateLimitExceededCode;

    /// <summary>The <c>Retry-After</c> value for <paramref name="exception"/>: its wait rounded up, at least 1 s.</summary>
    public static string RetryAfterSeconds(RateLimitException exception) =>
        Math.Max(1, (int)Math.Ceiling(exception.RetryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>Answers 429 with the envelope and <c>Retry-After</c>.</summary>
    public static async Task WriteAsync(HttpContext context, RateLimitException exception)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "application/json";
        context.Response.Headers.RetryAfter = RetryAfterSeconds(exception);
        var envelope = OpenAiErrorWriter.ToJson(exception.Message, exception.Limit, Code);
        await context.Response.Body.WriteAsync(envelope, context.RequestAborted);
    }
}
