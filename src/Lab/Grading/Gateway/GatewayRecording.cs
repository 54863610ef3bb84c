using System.Text;
using Microsoft.AspNetCore.Http;
using Workbench.LabSdk;

namespace Workbench.Lab.Grading.Gateway;

/// <summary>Records one request served by the grading gateway into a <see cref="GatewayExchangeLog"/>: the request
/// body is buffered and read before the endpoint runs, the response body is copied as it is written (so a stream
/// still streams), and the exchange is stored when the response ends.</summary>
internal static class GatewayRecording
{
    public static async Task RecordAsync(HttpContext http, GatewayExchangeLog log, Func<Task> serve)
    {
        log.Begin();
        var requestBody = "";
        var copy = new CopyingStream(http.Response.Body);
        try
        {
            http.Request.EnableBuffering();
            using (var reader = new StreamReader(http.Request.Body, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true))
            {
                var buffer = new char[GatewayExchangeLog.MaxBodyChars];
                var length = await reader.ReadBlockAsync(buffer, http.RequestAborted);
                requestBody = new string(buffer, 0, length);
            }
            http.Request.Body.Position = 0;
            http.Response.Body = copy;
            await serve();
        }
        finally
        {
            http.Response.Body = copy.Inner;
            log.End(new HttpExchange(http.Request.Method, http.Request.Path.Value ?? "", requestBody, http.Response.StatusCode, copy.Text()));
        }
    }

    /// <summary>Writes through to the response and keeps the first <see cref="GatewayExchangeLog.MaxBodyChars"/> bytes.</summary>
    private sealed class CopyingStream(Stream inner) : Stream
    {
        private readonly MemoryStream _copy = new();

        public Stream Inner => inner;

        public string Text() => Encoding.UTF8.GetString(_copy.GetBuffer(), 0, (int)_copy.Length);

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Keep(buffer.AsSpan(offset, count));
            inner.Write(buffer, offset, count);
        }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Keep(buffer.Span);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush() => inner.Flush();
        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();

        private void Keep(ReadOnlySpan<byte> bytes)
        {
            var room = GatewayExchangeLog.MaxBodyChars - (int)_copy.Length;
            if (room > 0) _copy.Write(bytes[..Math.Min(room, bytes.Length)]);
        }
    }
}
