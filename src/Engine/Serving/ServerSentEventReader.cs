using System.Text;

namespace Workbench.Engine.Serving;

/// <summary>
/// Reads the <c>data</c> of server-sent events from a stream, as the WHATWG HTML "event stream" format says:
/// lines end in LF, CRLF or CR; <c>data:</c> with or without one following space; several <c>data</c> lines of
/// one event are joined with LF; an empty line ends an event; comments (<c>:</c>) and the <c>event</c>, <c>id</c>
/// and <c>retry</c> fields are skipped. Lines and UTF-8 characters split across network reads are reassembled.
/// Not thread-safe; the caller owns the stream.
/// </summary>
/// <param name="stream">A readable stream of UTF-8 text (an HTTP response body).</param>
public sealed class ServerSentEventReader(Stream stream) : IDisposable
{
    private readonly StreamReader _reader = new(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false, bufferSize: 4096, leaveOpen: true);

    /// <summary>Reads the next event that has data.</summary>
    /// <param name="cancellationToken">Cancels the wait for more bytes.</param>
    /// <returns>The event's data (for example a JSON object, or <c>[DONE]</c>), or null at the end of the
    /// stream. An event cut off by the end of the stream (no closing blank line) is still returned.</returns>
    /// <exception cref="IOException">The connection failed while reading.</exception>
    public async ValueTask<string?> ReadDataAsync(CancellationToken cancellationToken)
    {
        StringBuilder? data = null;
        while (true)
        {
            var line = await _reader.ReadLineAsync(cancellationToken);
            if (line is null) return data?.ToString();
            if (line.Length == 0)
            {
                if (data is not null) return data.ToString();
                continue;
            }
            if (line[0] == ':') continue;

            var colon = line.IndexOf(':');
            var field = colon < 0 ? line : line[..colon];
            if (field != "data") continue;
            var value = colon < 0 ? "" : line[(colon + 1)..];
            if (value.StartsWith(' ')) value = value[1..];
            if (data is null) data = new StringBuilder(value);
            else data.Append('\n').Append(value);
        }
    }

    /// <summary>Releases the reader's buffer; the stream stays open.</summary>
    public void Dispose() => _reader.Dispose();
}
