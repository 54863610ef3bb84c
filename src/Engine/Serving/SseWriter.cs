using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Workbench.Engine.Serving;

/// <summary>Writes server-sent events: <c>data: {json}\n\n</c>, flushed after each event.</summary>
internal static class SseWriter
{
    private static readonly byte[] DataPrefix = "data: "u8.ToArray();
    private static readonly byte[] EventEnd = "\n\n"u8.ToArray();
    private static readonly byte[] Done = "data: [DONE]\n\n"u8.ToArray();

    /// <summary>Sets status 200 and the event-stream headers, and turns off response buffering.</summary>
    public static void Start(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status200OK;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();
    }

    /// <summary>Writes one <c>data:</c> event holding <paramref name="value"/> as one line of JSON.</summary>
    public static async Task WriteAsync<T>(HttpContext http, T value, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, typeInfo);
        var buffer = new byte[DataPrefix.Length + json.Length + EventEnd.Length];
        DataPrefix.CopyTo(buffer, 0);
        json.CopyTo(buffer, DataPrefix.Length);
        EventEnd.CopyTo(buffer, DataPrefix.Length + json.Length);
        await http.Response.Body.WriteAsync(buffer, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }

    /// <summary>Writes the terminating <c>data: [DONE]</c> event.</summary>
    public static async Task WriteDoneAsync(HttpContext http, CancellationToken cancellationToken)
    {
        await http.Response.Body.WriteAsync(Done, cancellationToken);
        await http.Response.Body.FlushAsync(cancellationToken);
    }
}
