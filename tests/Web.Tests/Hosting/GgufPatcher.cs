using System.Buffers.Binary;
using System.Text;

namespace Workbench.Web.Tests.Hosting;

/// <summary>
/// Writes a copy of a real GGUF file with one unsigned 32-bit metadata value changed in place (GGUF v3 layout:
/// magic "GGUF", u32 version, u64 tensor count, u64 key/value count, then key/value pairs of
/// {u64 length + UTF-8 key, u32 type, value}). Used to craft a file that passes GGUF parsing but trips a
/// GGML_ASSERT inside llama.cpp's model loader.
/// </summary>
internal static class GgufPatcher
{
    private const uint TypeUInt32 = 4, TypeString = 8, TypeArray = 9;

    public static void WriteWithUInt32(string source, string destination, string key, uint value)
    {
        var bytes = File.ReadAllBytes(source);
        var offset = FindValueOffset(bytes, key, out var type);
        if (type != TypeUInt32) throw new InvalidDataException($"'{key}' is of GGUF type {type}, not uint32.");
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(offset), value);
        File.WriteAllBytes(destination, bytes);
    }

    public static uint ReadUInt32(string path, string key)
    {
        var bytes = File.ReadAllBytes(path);
        return BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(FindValueOffset(bytes, key, out _)));
    }

    private static int FindValueOffset(byte[] b, string key, out uint type)
    {
        if (Encoding.ASCII.GetString(b, 0, 4) != "GGUF") throw new InvalidDataException("Not a GGUF file.");
        var count = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(16));
        var o = 24;
        for (ulong i = 0; i < count; i++)
        {
            var name = ReadString(b, ref o);
            type = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
            o += 4;
            if (name == key) return o;
            SkipValue(b, ref o, type);
        }
        throw new KeyNotFoundException($"The GGUF has no key '{key}'.");
    }

    private static string ReadString(byte[] b, ref int o)
    {
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o));
        var s = Encoding.UTF8.GetString(b, o + 8, length);
        o += 8 + length;
        return s;
    }

    private static void SkipValue(byte[] b, ref int o, uint type)
    {
        if (type == TypeString)
        {
            ReadString(b, ref o);
        }
        else if (type == TypeArray)
        {
            var itemType = BinaryPrimitives.ReadUInt32LittleEndian(b.AsSpan(o));
            var n = BinaryPrimitives.ReadUInt64LittleEndian(b.AsSpan(o + 4));
            o += 12;
            for (ulong j = 0; j < n; j++) SkipValue(b, ref o, itemType);
        }
        else
        {
            o += type switch { 0 or 1 or 7 => 1, 2 or 3 => 2, 4 or 5 or 6 => 4, 10 or 11 or 12 => 8, _ => throw new InvalidDataException($"Unknown GGUF type {type}.") };
        }
    }
}
