using System.Buffers.Binary;
using System.Text;

namespace Workbench.Engine.Gguf;

/// <summary>
/// Reads the little-endian primitives of a GGUF header from a stream, keeping the byte position, and refuses any
/// read past the end of the file with "truncated at byte N". Counts read from the file are checked against the
/// bytes left before anything is allocated for them (<see cref="CheckCount"/>), so a hostile count cannot make it
/// allocate more than the file could hold.
/// </summary>
internal sealed class GgufHeaderReader(Stream stream, long length)
{
    private readonly byte[] _scratch = new byte[8];

    /// <summary>Current byte offset from the start of the file.</summary>
    public long Position { get; private set; }

    /// <summary>Length of the file in bytes.</summary>
    public long Length => length;

    /// <summary>Bytes left after <see cref="Position"/>.</summary>
    public long Remaining => length - Position;

    public byte ReadUInt8() => Fill(1)[0];
    public sbyte ReadInt8() => (sbyte)Fill(1)[0];
    public ushort ReadUInt16() => BinaryPrimitives.ReadUInt16LittleEndian(Fill(2));
    public short ReadInt16() => BinaryPrimitives.ReadInt16LittleEndian(Fill(2));
    public uint ReadUInt32() => BinaryPrimitives.ReadUInt32LittleEndian(Fill(4));
    public int ReadInt32() => BinaryPrimitives.ReadInt32LittleEndian(Fill(4));
    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Fill(8));
    public long ReadInt64() => BinaryPrimitives.ReadInt64LittleEndian(Fill(8));
    public float ReadFloat32() => BinaryPrimitives.ReadSingleLittleEndian(Fill(4));
    public double ReadFloat64() => BinaryPrimitives.ReadDoubleLittleEndian(Fill(8));

    /// <summary>A GGUF bool: one byte that must be 0 or 1 (gguf.cpp reads it as <c>int8_t</c>; we are stricter).</summary>
    public bool ReadBool()
    {
        long at = Position;
        byte b = ReadUInt8();
        return b switch
        {
            0 => false,
            1 => true,
            _ => throw new GgufFormatException($"Bad bool value {b} at byte {at}."),
        };
    }

    /// <summary>A GGUF string: uint64 length, then that many UTF-8 bytes.</summary>
    public string ReadString(string what)
    {
        long at = Position;
        ulong size = ReadUInt64();
        if (size > (ulong)Remaining)
            throw new GgufFormatException($"The {what} at byte {at} says it is {size} bytes long, but only {Remaining} bytes are left: truncated at byte {length}.");
        if (size > int.MaxValue)
            throw new GgufFormatException($"The {what} at byte {at} is {size} bytes long, more than this reader accepts.");
        var bytes = new byte[(int)size];
        ReadExactly(bytes);
        return Encoding.UTF8.GetString(bytes);
    }

    /// <summary>Checks that <paramref name="count"/> items of at least <paramref name="minBytesEach"/> bytes fit in
    /// the rest of the file; throws naming <paramref name="what"/> and the byte the count was read at.</summary>
    public void CheckCount(ulong count, long minBytesEach, string what, long countAt)
    {
        if (count > (ulong)Remaining / (ulong)minBytesEach || count > int.MaxValue)
            throw new GgufFormatException($"The {what} count {count} at byte {countAt} cannot fit in the {Remaining} bytes left: the count is absurd or the file is truncated at byte {length}.");
    }

    /// <summary>Reads <paramref name="buffer"/>.Length bytes or throws "truncated".</summary>
    public void ReadExactly(Span<byte> buffer)
    {
        if (buffer.Length > Remaining) throw Truncated();
        int read = 0;
        while (read < buffer.Length)
        {
            int n = stream.Read(buffer[read..]);
            if (n == 0) throw Truncated();
            read += n;
        }
        Position += buffer.Length;
    }

    private Span<byte> Fill(int count)
    {
        Span<byte> span = _scratch.AsSpan(0, count);
        ReadExactly(span);
        return span;
    }

    private GgufFormatException Truncated() => new($"The file is truncated at byte {length}: the header needs more bytes than the file has (reading at byte {Position}).");
}
