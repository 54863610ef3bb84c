using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Workbench.Web.Security;

/// <summary>
/// The answer to a refused sign-in or join attempt: HTTP 429 with <c>Retry-After</c> (whole seconds, at least 1)
/// and a readable body — a short HTML page with a link back to the form for a browser, or, when the client asks
/// for JSON (<c>Accept: application/json</c>), the error envelope
/// <c>{"error":{"message","type":"rate_limit_exceeded","param":null,"code":"too_many_attempts"}}</c>.
/// </summary>
internal sealed class TooManyAttempts(string message, TimeSpan retryAfter, string backPath) : IResult
{
    /// <summary>The JSON envelope's <c>code</c>.</summary>
    public const string Code = "too_many_attempts";

    /// <summary>The <c>Retry-After</c> value in seconds.</summary>
    public int RetryAfterSeconds { get; } = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));

    /// <summary>Said when one address made too many attempts.</summary>
    public static TooManyAttempts ForAddress(HttpRequest request, TimeSpan retryAfter) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"Too many attempts from your network address. Wait {Seconds(retryAfter)} seconds, then try again."),
        retryAfter, FormPageOf(request.Path));

    /// <summary>Said when one account (user name, or join code and name) is locked or made too many attempts.</summary>
    public static TooManyAttempts ForAccount(HttpRequest request, TimeSpan retryAfter) => new(
        string.Create(CultureInfo.InvariantCulture,
            $"Too many failed attempts for this account. It is locked for {Seconds(retryAfter)} more seconds; then try again."),
        retryAfter, FormPageOf(request.Path));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
        response.Headers.CacheControl = "no-store";
        if (WantsJson(httpContext.Request))
        {
            response.ContentType = "application/json";
            await JsonSerializer.SerializeAsync(response.Body, new
            {
                error = new { message, type = "rate_limit_exceeded", param = (string?)null, code = Code },
            }, cancellationToken: httpContext.RequestAborted);
            return;
        }
        response.ContentType = "text/html; charset=utf-8";
        var text = WebUtility.HtmlEncode(message);
        await response.WriteAsync(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Too many attempts</title></head>"
            + $"<body><main><h1>Too many attempts</h1><p role=\"alert\">{text}</p>"
            + $"<p><a href=\"{WebUtility.HtmlEncode(backPath)}\">Back to the form</a></p></main></body></html>",
            httpContext.RequestAborted);
    }

    private static bool WantsJson(HttpRequest request) =>
        request.Headers.Accept.Any(a => a is not null && a.Contains("application/json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The page holding the form that posts to <paramref name="path"/>.</summary>
    private static string FormPageOf(PathString path) =>
        path.StartsWithSegments("/account/join", StringComparison.OrdinalIgnoreCase) ? "/join" : "/account/login";

    private static int Seconds(TimeSpan retryAfter) => Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
}
