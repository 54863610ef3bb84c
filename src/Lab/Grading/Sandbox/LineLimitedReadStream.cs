using Workbench.Sandbox;

namespace Workbench.Lab.Grading.Sandbox;

/// <summary>
/// The read side of an untrusted newline-delimited stream (an MCP stdio server in the sandbox): passes bytes through
/// unchanged while counting the bytes since the last line feed. A line longer than <see cref="MaxLineBytes"/> (by
/// default <see cref="SandboxJson.MaxMessageBytes"/>, 1 MiB) ends the stream there: the reader above (the MCP SDK's
/// transport, which buffers a whole line before parsing it) then sees the end of the stream, never more than one
/// capped line, and <see cref="Ended"/> completes with the reason. The end of the underlying stream or a broken pipe
/// also completes it (with null). Not thread-safe: one reader.
/// </summary>
/// <param name="inner">The stream read (the sandbox's standard output).</param>
/// <param name="maxLineBytes">The longest line accepted, in bytes without the line feed.</param>
internal sealed class LineLimitedReadStream(Stream inner, int maxLineBytes = SandboxJson.MaxMessageBytes) : Stream
{
    private readonly TaskCompletionSource<string?> _ended = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _lineBytes;

    /// <summary>The longest line accepted, in bytes without the line feed.</summary>
    public int MaxLineBytes => maxLineBytes;

    /// <summary>Completes when the stream ends: with why, when a line was too long; with null at the end of the
    /// underlying stream, when it broke, or when this stream was disposed.</summary>
    public Task<string?> Ended => _ended.Task;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_ended.Task.IsCompleted) return 0;
        int read;
        try
        {
            read = inner.Read(buffer);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _ended.TrySetResult(null);
            throw;
        }
        return Count(buffer[..read]);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_ended.Task.IsCompleted) return 0;
        int read;
        try
        {
            read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            _ended.TrySetResult(null);
            throw;
        }
        return Count(buffer.Span[..read]);
    }

    /// <summary>Counts <paramref name="data"/> into the current line; returns how many bytes may pass (all of
    /// them, or 0 once a line is too long).</summary>
    private int Count(ReadOnlySpan<byte> data)
    {
        if (data.Length == 0)
        {
            _ended.TrySetResult(null);
            return 0;
        }
        var rest = data;
        while (true)
        {
            var newline = rest.IndexOf((byte)'\n');
            var take = newline < 0 ? rest.Length : newline;
            if (_lineBytes + take > maxLineBytes)
            {
                _ended.TrySetResult($"the MCP server sent a message longer than {maxLineBytes} bytes (at most {maxLineBytes >> 20} MiB per line)");
                return 0;
            }
            if (newline < 0)
            {
                _lineBytes += take;
                return data.Length;
            }
            _lineBytes = 0;
            rest = rest[(newline + 1)..];
        }
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _ended.TrySetResult(null);
            inner.Dispose();
        }
        base.Dispose(disposing);
    }
}
