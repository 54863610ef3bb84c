using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;

namespace Workbench.Engine.Serving;

/// <summary>
/// The largest request body each engine route accepts, in bytes: <see cref="OpenAiApi"/> puts it on its endpoints
/// (Kestrel then stops reading at the limit, and the handler answers 413 <c>invalid_request_error</c>, code
/// <c>request_too_large</c>), and the web app's proxy checks the same numbers before forwarding, so a too-large
/// body never reaches the worker. A body with a <c>Content-Length</c> above the limit is refused before it is read.
/// </summary>
public static class RequestBodyLimits
{
    /// <summary><c>POST /v1/chat/completions</c>, <c>POST /v1/completions</c>, <c>POST /apply-template</c>: 4 MiB.</summary>
    public const long GenerationBytes = 4 * 1024 * 1024;

    /// <summary><c>POST /tokenize</c>, <c>POST /detokenize</c>: 256 KiB.</summary>
    public const long TokenizeBytes = 256 * 1024;

    /// <summary>Every other route (<c>POST /models/load</c>, the GET routes): 64 KiB.</summary>
    public const long DefaultBytes = 64 * 1024;

    /// <summary>The limit of the route at <paramref name="path"/> (case-insensitive; a path base is not stripped).</summary>
    /// <param name="path">The request path, for example <c>/v1/chat/completions</c>.</param>
    /// <returns>The limit in bytes.</returns>
    public static long For(PathString path) =>
        path.Equals("/v1/chat/completions", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/v1/completions", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/apply-template", StringComparison.OrdinalIgnoreCase) ? GenerationBytes
        : path.Equals("/tokenize", StringComparison.OrdinalIgnoreCase)
        || path.Equals("/detokenize", StringComparison.OrdinalIgnoreCase) ? TokenizeBytes
        : DefaultBytes;

    /// <summary>Endpoint metadata that makes ASP.NET Core's routing set <c>IHttpMaxRequestBodySizeFeature</c>
    /// to <paramref name="bytes"/> for the endpoint.</summary>
    internal static IRequestSizeLimitMetadata Metadata(long bytes) => new Limit(bytes);

    private sealed record Limit(long? MaxRequestBodySize) : IRequestSizeLimitMetadata;
}
