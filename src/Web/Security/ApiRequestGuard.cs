using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Workbench.Engine.Serving;

namespace Workbench.Web.Security;

/// <summary>
/// The cross-site request defence and body limits of the JSON APIs (issue 10 findings 6 and 7), a middleware in
/// front of every state-changing request (POST, PUT, PATCH, DELETE) to the forwarded engine routes (<c>/v1/*</c>,
/// <c>/tokenize</c>, <c>/detokenize</c>, <c>/apply-template</c>, <c>/models/load</c>, any other engine path the proxy
/// forwards) and the lab APIs (<c>/api/*</c>). The Blazor forms (<c>/account/*</c>) keep antiforgery tokens and are
/// not checked here. In order:
/// <list type="number">
/// <item>403 when the browser says the request comes from another site: an <c>Origin</c> that is neither this
/// app's own (scheme, host and port of the request) nor in <see cref="WebSecurityOptions.AllowedOrigins"/>
/// (<c>Origin: null</c> included), or <c>Sec-Fetch-Site: cross-site</c>. Requests without these headers (curl, the
/// OpenAI SDK, server-side code) pass.</item>
/// <item>415 when a body is sent as anything but JSON (<c>application/json</c> or <c>*/*+json</c>): form and
/// <c>text/plain</c> bodies are what a cross-site form or a "simple" fetch can send without a preflight.</item>
/// <item>413 when the body is above the route's limit (<see cref="RequestBodyLimits"/> for engine routes,
/// <see cref="ApiBodyBytes"/> for <c>/api/*</c>): at once for a larger <c>Content-Length</c>, and by Kestrel's
/// per-request limit, which this sets, for a chunked body.</item>
/// </list>
/// The lab's MCP endpoint (<c>/mcp</c>) has its own rules, <see cref="Mcp.McpRequestGuard"/> (the same Origin
/// check, plus the Host check against DNS rebinding), on every method.
/// The real-time endpoints — the SignalR hubs (<c>/hubs/*</c>) and Blazor's circuit (<c>/_blazor</c>) — get the
/// Origin check alone, on every method, the WebSocket handshake included (a cross-site page must not drive a
/// signed-in user's circuit or generation stream with their cookie: cross-site WebSocket hijacking).
/// Engine routes answer in OpenAI's error envelope (<see cref="OpenAiErrorWriter"/>, type
/// <c>invalid_request_error</c>, codes <see cref="ForeignOriginCode"/>, <see cref="UnsupportedMediaTypeCode"/>,
/// <c>request_too_large</c>); <c>/api/*</c> answers ProblemDetails like the rest of the lab API.
/// </summary>
public static class ApiRequestGuard
{
    /// <summary>The body limit of <c>/api/*</c>: 1 MiB (a submission's files, a class's settings).</summary>
    public const long ApiBodyBytes = 1024 * 1024;

    /// <summary>The error <c>code</c> of a 403 for a request from another site.</summary>
    public const string ForeignOriginCode = "cross_origin_request";

    /// <summary>The error <c>code</c> of a 415.</summary>
    public const string UnsupportedMediaTypeCode = "unsupported_media_type";

    private static readonly string[] EnginePaths = ["/v1", "/tokenize", "/detokenize", "/apply-template", "/tool-calls/parse", "/models/load", "/props", "/health"];
    private static readonly string[] RealTimePaths = ["/hubs", "/_blazor"];

    /// <summary>Adds the middleware. Call before authentication, so a foreign request is refused before anything else.</summary>
    /// <param name="app">The app.</param>
    public static IApplicationBuilder UseApiRequestGuard(this IApplicationBuilder app) => app.Use(InvokeAsync);

    private static async Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        var request = http.Request;
        if (request.Path.StartsWithSegments(Mcp.McpRequestGuard.Path, StringComparison.OrdinalIgnoreCase))
        {
            await Mcp.McpRequestGuard.InvokeAsync(http, next);
            return;
        }
        if (RealTimePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase)))
        {
            var realTime = http.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
            if (IsCrossSite(request, realTime))
            {
                http.Response.StatusCode = StatusCodes.Status403Forbidden;
                await http.Response.WriteAsync("Cross-site connections to the workbench's hubs are not accepted.", http.RequestAborted);
                return;
            }
            await next(http);
            return;
        }
        var isEngine = EnginePaths.Any(p => request.Path.StartsWithSegments(p, StringComparison.OrdinalIgnoreCase));
        var isApi = !isEngine && request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);
        if (!(isEngine || isApi) || !IsStateChanging(request.Method))
        {
            await next(http);
            return;
        }

        var options = http.RequestServices.GetRequiredService<IOptions<WebSecurityOptions>>().Value;
        if (IsCrossSite(request, options))
        {
            await RefuseAsync(http, isEngine, StatusCodes.Status403Forbidden, ForeignOriginCode,
                "Cross-site requests are not accepted: this API takes requests from the workbench's own pages and from clients that send no Origin (curl, SDKs).");
            return;
        }
        if (HasBody(request) && !IsJson(request.ContentType))
        {
            await RefuseAsync(http, isEngine, StatusCodes.Status415UnsupportedMediaType, UnsupportedMediaTypeCode,
                $"The request body must be JSON (Content-Type: application/json); got '{request.ContentType ?? "none"}'.");
            return;
        }
        var limit = isEngine ? RequestBodyLimits.For(request.Path) : ApiBodyBytes;
        if (request.ContentLength > limit)
        {
            await RefuseTooLargeAsync(http, isEngine, limit);
            return;
        }
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeLimit) sizeLimit.MaxRequestBodySize = limit;
        await next(http);
    }

    /// <summary>Answers 413 for a body above <paramref name="limit"/> in the route's error shape.</summary>
    internal static Task RefuseTooLargeAsync(HttpContext http, bool isEngine, long limit) => isEngine
        ? OpenAiErrorWriter.WriteRequestTooLargeAsync(http, limit)
        : RefuseAsync(http, isEngine: false, StatusCodes.Status413PayloadTooLarge, OpenAiErrorWriter.RequestTooLargeCode,
            $"The request body is larger than the {limit:N0} bytes this endpoint accepts.");

    private static bool IsStateChanging(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>Whether the browser says <paramref name="request"/> comes from another site: <c>Sec-Fetch-Site:
    /// cross-site</c>, or an <c>Origin</c> that is neither the request's own scheme://host:port nor one of
    /// <see cref="WebSecurityOptions.AllowedOrigins"/> (<c>Origin: null</c> and junk included). No Origin = false.</summary>
    internal static bool IsCrossSite(HttpRequest request, WebSecurityOptions options)
    {
        if (string.Equals(request.Headers["Sec-Fetch-Site"], "cross-site", StringComparison.OrdinalIgnoreCase)) return true;
        var origin = request.Headers.Origin.ToString();
        if (origin.Length == 0) return false;
        if (!Uri.TryCreate(origin, UriKind.Absolute, out var uri)) return true; // "null" (sandboxed frames, file:) and junk
        var own = $"{request.Scheme}://{request.Host.Value}";
        return !SameOrigin(uri, own) && !options.AllowedOrigins.Any(allowed => SameOrigin(uri, allowed));
    }

    private static bool SameOrigin(Uri origin, string other) =>
        Uri.TryCreate(other, UriKind.Absolute, out var uri)
        && string.Equals(origin.Scheme, uri.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(origin.IdnHost, uri.IdnHost, StringComparison.OrdinalIgnoreCase)
        && origin.Port == uri.Port;

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0 || request.ContentType is not null;

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));

    private static Task RefuseAsync(HttpContext http, bool isEngine, int status, string code, string message) => isEngine
        ? OpenAiErrorWriter.WriteAsync(http, status, message, code)
        : TypedResults.Problem(message, statusCode: status, title: code).ExecuteAsync(http);
}
