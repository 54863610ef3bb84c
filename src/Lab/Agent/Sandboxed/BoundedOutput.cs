using System.Text;

namespace Workbench.Lab.Agent.Sandboxed;

/// <summary>
/// Collects a command's output within a byte budget: the first half of the budget as written, then a rolling window
/// of the last half; everything between is counted and dropped. Thread-safe (standard output and error write
/// into one instance), memory bounded by the budget whatever the command prints.
/// </summary>
internal sealed class BoundedOutput
{
    private readonly object _gate = new();
    private readonly byte[] _head;
    private readonly byte[] _tail;
    private int _headLength;
    private long _tailWritten; // bytes ever written to the tail window
    private long _total;

    /// <summary>Creates a collector keeping at most <paramref name="limitBytes"/> bytes (≥ 2).</summary>
    public BoundedOutput(int limitBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limitBytes, 2);
        _head = new byte[limitBytes / 2];
        _tail = new byte[limitBytes - limitBytes / 2];
    }

    /// <summary>Bytes written in all.</summary>
    public long TotalBytes
    {
        get
        {
            lock (_gate) return _total;
        }
    }

    /// <summary>Whether bytes were dropped.</summary>
    public bool Truncated
    {
        get
        {
            lock (_gate) return _total > _head.Length + _tail.Length;
        }
    }

    /// <summary>Adds bytes.</summary>
    public void Write(ReadOnlySpan<byte> data)
    {
        lock (_gate)
        {
            _total += data.Length;
            var toHead = Math.Min(data.Length, _head.Length - _headLength);
            data[..toHead].CopyTo(_head.AsSpan(_headLength));
            _headLength += toHead;
            data = data[toHead..];
            if (data.Length > _tail.Length) data = data[^_tail.Length..];
            foreach (var b in data) _tail[(int)(_tailWritten++ % _tail.Length)] = b;
        }
    }

    /// <summary>Reads <paramref name="stream"/> to its end into this collector.</summary>
    public async Task DrainAsync(Stream stream)
    {
        var buffer = new byte[8192];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0) Write(buffer.AsSpan(0, read));
    }

    /// <summary>The text: head, then (when bytes were dropped) the marker with their count, then the tail.</summary>
    /// <param name="marker">Format of the marker; <c>{0}</c> is the number of bytes left out.</param>
    public string ToText(string marker)
    {
        lock (_gate)
        {
            var kept = (int)Math.Min(_tailWritten, _tail.Length);
            var tail = new byte[kept];
            for (var i = 0; i < kept; i++) tail[i] = _tail[(int)((_tailWritten - kept + i) % _tail.Length)];
            var head = Encoding.UTF8.GetString(_head, 0, _headLength);
            var dropped = _total - _headLength - kept;
            if (dropped <= 0 && _tailWritten <= _tail.Length)
                return Encoding.UTF8.GetString([.. _head.AsSpan(0, _headLength), .. tail]); // nothing dropped: one decode, no seam
            return head + string.Format(System.Globalization.CultureInfo.InvariantCulture, marker, dropped) + Encoding.UTF8.GetString(tail);
        }
    }
}
