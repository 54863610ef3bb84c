using System.Text.Json;

namespace Workbench.Web.Apis;

/// <summary>
/// The request body as <see cref="EngineApiProxy"/> forwards it, within the route's limit
/// (<c>RequestBodyLimits</c>): streamed through <see cref="Limit"/>, or, for generations, read whole first
/// (<see cref="ReadAsync"/>) so the quota gate can reserve the request's <c>max_tokens</c>
/// (<see cref="ReservedTokens"/>) before it reaches the worker. Past the limit both throw the server's own
/// <see cref="BadHttpRequestException"/> with status 413, which the proxy answers as <c>request_too_large</c>.
/// </summary>
internal static class ProxyRequestBody
{
    /// <summary>Reads the whole body, at most <paramref name="limit"/> bytes.</summary>
    /// <exception cref="BadHttpRequestException">The body is longer than <paramref name="limit"/> (status 413).</exception>
    public static async Task<byte[]> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await Limit(request.Body, limit).CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    /// <summary><paramref name="body"/>, throwing once more than <paramref name="limit"/> bytes have been read.</summary>
    public static Stream Limit(Stream body, long limit) => new LimitedStream(body, limit);

    /// <summary>
    /// The tokens a generation may use, to reserve while it runs: its <c>max_completion_tokens</c>, else
    /// <c>max_tokens</c>, else <c>n_predict</c> (the API's own order); without one (or with a body the worker will
    /// reject anyway), <paramref name="contextSize"/>, the most a generation can produce in the model's window.
    /// </summary>
    /// <param name="body">The JSON request body.</param>
    /// <param name="contextSize">The loaded model's context window per sequence, or null when unknown (then 0).</param>
    public static int ReservedTokens(ReadOnlySpan<byte> body, int? contextSize)
    {
        var fallback = Math.Max(0, contextSize ?? 0);
        try
        {
            var reader = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref reader);
            if (document.RootElement.ValueKind != JsonValueKind.Object) return fallback;
            foreach (var name in (string[])["max_completion_tokens", "max_tokens", "n_predict"])
            {
                if (document.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
                    && value.TryGetInt32(out var tokens) && tokens > 0)
                {
                    return fallback > 0 ? Math.Min(tokens, fallback) : tokens;
                }
            }
        }
        catch (JsonException)
        {
        }
        return fallback;
    }

    private sealed class LimitedStream(Stream inner, long limit) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > limit)
                throw new BadHttpRequestException($"The request body is larger than {limit} bytes.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
