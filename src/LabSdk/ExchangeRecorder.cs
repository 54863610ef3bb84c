using System.Net.Http.Headers;
using System.Text;

namespace Workbench.LabSdk;

/// <summary>
/// The handler under every <see cref="LabContext"/> client: adds the run's bearer token and records each
/// request and response body as an <see cref="HttpExchange"/>. A request body is read once and replaced by an
/// identical copy; a response body is recorded as the caller reads it (so streaming still streams), and the
/// exchange is stored when the body ends or is disposed.
/// </summary>
internal sealed class ExchangeRecorder(string? bearerToken) : DelegatingHandler
{
    private readonly List<HttpExchange> _exchanges = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<HttpExchange> Snapshot()
    {
        lock (_gate) return _exchanges.ToArray();
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (bearerToken is not null && request.Headers.Authorization is null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearerToken);

        var requestBody = "";
        if (request.Content is { } content)
        {
            var bytes = await content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            requestBody = Encoding.UTF8.GetString(bytes);
            var copy = new ByteArrayContent(bytes);
            foreach (var header in content.Headers) copy.Headers.TryAddWithoutValidation(header.Key, header.Value);
            request.Content = copy;
        }

        var method = request.Method.Method;
        var path = request.RequestUri?.AbsolutePath ?? "";
        HttpResponseMessage response;
        try
        {
            response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            Add(new HttpExchange(method, path, requestBody, 0, ""));
            throw;
        }

        var status = (int)response.StatusCode;
        var original = response.Content;
        var body = await original.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var recording = new RecordingStream(body, text => Add(new HttpExchange(method, path, requestBody, status, text)));
        var replacement = new StreamContent(recording);
        foreach (var header in original.Headers) replacement.Headers.TryAddWithoutValidation(header.Key, header.Value);
        response.Content = replacement;
        return response;
    }

    private void Add(HttpExchange exchange)
    {
        lock (_gate) _exchanges.Add(exchange);
    }

    /// <summary>Passes reads through and keeps a copy; reports the text once, at the end of the body or on disposal.</summary>
    private sealed class RecordingStream(Stream inner, Action<string> onComplete) : Stream
    {
        private readonly MemoryStream _copy = new();
        private bool _reported;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Record(buffer.AsSpan(offset, inner.Read(buffer, offset, count)), count);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            return Record(buffer.Span[..read], buffer.Length);
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                Report();
                inner.Dispose();
            }
            base.Dispose(disposing);
        }

        private int Record(ReadOnlySpan<byte> read, int requested)
        {
            if (read.Length == 0 && requested > 0) Report(); // the end of the body
            else _copy.Write(read);
            return read.Length;
        }

        private void Report()
        {
            if (_reported) return;
            _reported = true;
            onComplete(Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length));
        }
    }
}
