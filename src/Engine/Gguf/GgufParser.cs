using System.Text;

namespace Workbench.Engine.Gguf;

/// <summary>Parses a GGUF header into a <see cref="GgufFile"/>, in the order and with the checks of
/// <c>gguf_init_from_file_impl</c> (ggml/src/gguf.cpp).</summary>
internal static class GgufParser
{
    /// <summary>Smallest encoding of one key/value pair: an empty-length key (8), a type (4), a 1-byte value.</summary>
    private const int MinKeyValueBytes = 8 + 4 + 1;

    /// <summary>Smallest encoding of one tensor info: name length (8), n_dims (4), one ne (8), type (4), offset (8).</summary>
    private const int MinTensorInfoBytes = 8 + 4 + 8 + 4 + 8;

    public static GgufFile Parse(string path, Stream stream, long length)
    {
        var reader = new GgufHeaderReader(new BufferedStream(stream, 64 * 1024), length);
        if (length < 4) throw new GgufFormatException($"Not a GGUF file: it is {length} bytes long, shorter than the 4-byte magic \"GGUF\".");
        uint magic = reader.ReadUInt32();
        if (magic != GgufFile.Magic)
            throw new GgufFormatException($"Not a GGUF file: the first four bytes are {Describe(magic)}, not \"GGUF\".");

        uint version = reader.ReadUInt32();
        if (version == 1) throw new GgufFormatException("GGUF version 1 is no longer supported (llama.cpp reads versions 2 and 3).");
        if ((version & 0xFFFF) == 0 && version != 0)
            throw new GgufFormatException($"GGUF version {version} is implausibly large: a big-endian file? Only little-endian GGUF is read.");
        if (version is 0 or > 3) throw new GgufFormatException($"GGUF version {version} is not supported (2 and 3 are).");

        long tensorCountAt = reader.Position;
        long tensorCount = reader.ReadInt64();
        long kvCountAt = reader.Position;
        long kvCount = reader.ReadInt64();
        if (tensorCount < 0) throw new GgufFormatException($"The tensor count {tensorCount} at byte {tensorCountAt} is negative.");
        if (kvCount < 0) throw new GgufFormatException($"The metadata count {kvCount} at byte {kvCountAt} is negative.");
        reader.CheckCount((ulong)kvCount, MinKeyValueBytes, "metadata", kvCountAt);
        reader.CheckCount((ulong)tensorCount, MinTensorInfoBytes, "tensor", tensorCountAt);

        var metadata = new Dictionary<string, GgufValue>((int)kvCount, StringComparer.Ordinal);
        for (long i = 0; i < kvCount; i++)
        {
            long keyAt = reader.Position;
            string key = reader.ReadString("metadata key");
            if (key.Length == 0) throw new GgufFormatException($"Metadata key {i} at byte {keyAt} is empty.");
            if (metadata.ContainsKey(key)) throw new GgufFormatException($"Duplicate metadata key '{key}' at byte {keyAt}.");
            metadata.Add(key, ReadValue(reader, key));
        }

        int alignment = GgufFile.DefaultAlignment;
        if (metadata.TryGetValue("general.alignment", out var alignmentValue))
        {
            if (alignmentValue.Value is not uint a)
                throw new GgufFormatException($"Metadata key 'general.alignment' must be UInt32 but is {alignmentValue.Type}.");
            if (a == 0 || (a & (a - 1)) != 0 || a > 1 << 30)
                throw new GgufFormatException($"The alignment {a} is not a power of two.");
            alignment = (int)a;
        }

        var infos = ReadTensorInfos(reader, tensorCount);
        long dataOffset = tensorCount > 0 ? Pad(reader.Position, alignment) : reader.Position;

        var tensors = new List<GgufTensorInfo>(infos.Count);
        long expected = 0;
        foreach (var (name, type, shape, offset) in infos)
        {
            if (offset != (ulong)expected)
                throw new GgufFormatException($"Tensor '{name}' has data offset {offset}, expected {expected} (tensors are stored packed, in header order, each padded to {alignment} bytes).");
            long size = GgmlTypeTraits.For(type).SizeInBytes(shape[0]) * shape.Skip(1).Aggregate(1L, (x, y) => x * y);
            long fileOffset = dataOffset + expected;
            if (fileOffset > length || size > length - fileOffset)
                throw new GgufFormatException($"The file is truncated at byte {length}: tensor '{name}' needs bytes {fileOffset}..{fileOffset + size}.");
            tensors.Add(new GgufTensorInfo(name, type, shape, expected, size, fileOffset));
            expected += Pad(size, alignment);
        }
        return new GgufFile(path, length, version, metadata, tensors, alignment, dataOffset);
    }

    private static List<(string Name, GgmlType Type, long[] Shape, ulong Offset)> ReadTensorInfos(GgufHeaderReader reader, long count)
    {
        var infos = new List<(string, GgmlType, long[], ulong)>((int)count);
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (long i = 0; i < count; i++)
        {
            long at = reader.Position;
            string name = reader.ReadString("tensor name");
            if (Encoding.UTF8.GetByteCount(name) >= GgufFile.MaxNameBytes)
                throw new GgufFormatException($"Tensor name {i} at byte {at} is {Encoding.UTF8.GetByteCount(name)} bytes long; ggml allows at most {GgufFile.MaxNameBytes - 1}.");
            if (!names.Add(name)) throw new GgufFormatException($"Duplicate tensor name '{name}' at byte {at}.");

            long dimsAt = reader.Position;
            uint dims = reader.ReadUInt32();
            if (dims is 0 or > GgufFile.MaxDimensions)
                throw new GgufFormatException($"Tensor '{name}' has {dims} dimensions (byte {dimsAt}); 1 to {GgufFile.MaxDimensions} are allowed.");
            var shape = new long[dims];
            long elements = 1;
            for (int d = 0; d < dims; d++)
            {
                shape[d] = reader.ReadInt64();
                if (shape[d] < 0) throw new GgufFormatException($"Tensor '{name}' has a negative extent {shape[d]} in dimension {d}.");
                if (shape[d] != 0 && elements > long.MaxValue / shape[d])
                    throw new GgufFormatException($"Tensor '{name}' has more elements than a 64-bit count holds.");
                elements *= shape[d];
            }

            long typeAt = reader.Position;
            int typeNumber = reader.ReadInt32();
            if (!GgmlTypeTraits.IsDefined(typeNumber))
                throw new GgufFormatException($"Tensor '{name}' has type {typeNumber} (byte {typeAt}), which is not a ggml type.");
            var traits = GgmlTypeTraits.For((GgmlType)typeNumber);
            if (shape[0] % traits.BlockSize != 0)
                throw new GgufFormatException($"Tensor '{name}' of type {traits.Name} has rows of {shape[0]} elements, not a multiple of its block size {traits.BlockSize}.");
            if (elements / traits.BlockSize > long.MaxValue / traits.BytesPerBlock)
                throw new GgufFormatException($"Tensor '{name}' is larger than a 64-bit size holds.");
            ulong offset = reader.ReadUInt64();
            infos.Add((name, (GgmlType)typeNumber, shape, offset));
        }
        return infos;
    }

    private static GgufValue ReadValue(GgufHeaderReader reader, string key)
    {
        long typeAt = reader.Position;
        int type = reader.ReadInt32();
        if (type == (int)GgufValueType.Array)
        {
            long elementAt = reader.Position;
            int elementType = reader.ReadInt32();
            if (elementType == (int)GgufValueType.Array || !Enum.IsDefined((GgufValueType)elementType))
                throw new GgufFormatException($"Metadata key '{key}' is an array of invalid type {elementType} (byte {elementAt}).");
            long countAt = reader.Position;
            ulong count = reader.ReadUInt64();
            var element = (GgufValueType)elementType;
            reader.CheckCount(count, MinSize(element), $"array '{key}'", countAt);
            return new GgufValue(GgufValueType.Array, ReadArray(reader, element, (int)count, key), element);
        }
        if (!Enum.IsDefined((GgufValueType)type))
            throw new GgufFormatException($"Metadata key '{key}' has invalid type {type} (byte {typeAt}).");
        var scalar = (GgufValueType)type;
        return new GgufValue(scalar, ReadScalar(reader, scalar, key));
    }

    private static object ReadScalar(GgufHeaderReader reader, GgufValueType type, string key) => type switch
    {
        GgufValueType.UInt8 => reader.ReadUInt8(),
        GgufValueType.Int8 => reader.ReadInt8(),
        GgufValueType.UInt16 => reader.ReadUInt16(),
        GgufValueType.Int16 => reader.ReadInt16(),
        GgufValueType.UInt32 => reader.ReadUInt32(),
        GgufValueType.Int32 => reader.ReadInt32(),
        GgufValueType.Float32 => reader.ReadFloat32(),
        GgufValueType.Bool => reader.ReadBool(),
        GgufValueType.String => reader.ReadString($"value of '{key}'"),
        GgufValueType.UInt64 => reader.ReadUInt64(),
        GgufValueType.Int64 => reader.ReadInt64(),
        GgufValueType.Float64 => reader.ReadFloat64(),
        _ => throw new GgufFormatException($"Metadata key '{key}' has invalid type {type}."),
    };

    private static Array ReadArray(GgufHeaderReader reader, GgufValueType type, int count, string key)
    {
        // Typed arrays (not object[]): a 32,000-token vocabulary is a string[], its scores a float[].
        Array array = type switch
        {
            GgufValueType.UInt8 => new byte[count],
            GgufValueType.Int8 => new sbyte[count],
            GgufValueType.UInt16 => new ushort[count],
            GgufValueType.Int16 => new short[count],
            GgufValueType.UInt32 => new uint[count],
            GgufValueType.Int32 => new int[count],
            GgufValueType.Float32 => new float[count],
            GgufValueType.Bool => new bool[count],
            GgufValueType.String => new string[count],
            GgufValueType.UInt64 => new ulong[count],
            GgufValueType.Int64 => new long[count],
            GgufValueType.Float64 => new double[count],
            _ => throw new GgufFormatException($"Metadata key '{key}' is an array of invalid type {type}."),
        };
        for (int i = 0; i < count; i++) array.SetValue(ReadScalar(reader, type, key), i);
        return array;
    }

    private static long MinSize(GgufValueType type) => type switch
    {
        GgufValueType.UInt8 or GgufValueType.Int8 or GgufValueType.Bool => 1,
        GgufValueType.UInt16 or GgufValueType.Int16 => 2,
        GgufValueType.UInt32 or GgufValueType.Int32 or GgufValueType.Float32 => 4,
        _ => 8, // 64-bit scalars, and a string's length prefix
    };

    private static long Pad(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private static string Describe(uint magic)
    {
        Span<byte> bytes = stackalloc byte[4];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(bytes, magic);
        return string.Join(" ", bytes.ToArray().Select(b => $"0x{b:X2}"));
    }
}
