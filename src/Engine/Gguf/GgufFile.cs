namespace Workbench.Engine.Gguf;

/// <summary>
/// The header of a GGUF file — version, typed metadata, tensor infos, alignment and where the data section starts —
/// read by the Engine's own reader, without llama.cpp. Format: ggml's <c>docs/gguf.md</c> and the reader
/// <c>gguf_init_from_file_impl</c> in ggml/src/gguf.cpp: magic "GGUF", uint32 version (2 or 3), int64 tensor count,
/// int64 metadata count, the key/value pairs, the tensor infos (name, uint32 n_dims, int64 ne[n_dims], int32 type,
/// uint64 offset), padding to <see cref="Alignment"/>, then the tensor data. All little-endian.
/// </summary>
/// <remarks>Opening reads only the header; tensor data is read on demand (<see cref="ReadTensorBytes"/>,
/// <see cref="ReadRows"/>) from a fresh handle each time, so an instance holds no open file and is safe to share
/// between threads. The checks follow gguf.cpp: duplicate keys or tensor names, an alignment that is not a power
/// of two, more than 4 dimensions, a negative extent, a row that is not whole blocks, offsets other than the packed
/// order, and data past the end of the file are all <see cref="GgufFormatException"/>s.</remarks>
public sealed class GgufFile
{
    /// <summary>The file's first four bytes: "GGUF".</summary>
    public const uint Magic = 0x46554747; // 'G' 'G' 'U' 'F' read as a little-endian uint32

    /// <summary>The alignment when the file has no <c>general.alignment</c> key (GGUF_DEFAULT_ALIGNMENT).</summary>
    public const int DefaultAlignment = 32;

    /// <summary>Most dimensions a tensor may have (GGML_MAX_DIMS).</summary>
    public const int MaxDimensions = 4;

    /// <summary>Longest tensor name in bytes, exclusive (GGML_MAX_NAME, 64, counts the C terminator).</summary>
    public const int MaxNameBytes = 64;

    private readonly Dictionary<string, GgufTensorInfo> _byName;

    internal GgufFile(string path, long length, uint version, IReadOnlyDictionary<string, GgufValue> metadata,
        IReadOnlyList<GgufTensorInfo> tensors, int alignment, long dataOffset)
    {
        Path = path;
        FileLength = length;
        Version = version;
        Metadata = metadata;
        Tensors = tensors;
        Alignment = alignment;
        DataOffset = dataOffset;
        _byName = tensors.ToDictionary(t => t.Name, StringComparer.Ordinal);
    }

    /// <summary>Full path of the file.</summary>
    public string Path { get; }

    /// <summary>Length of the file in bytes when it was opened.</summary>
    public long FileLength { get; }

    /// <summary>GGUF version (2 or 3).</summary>
    public uint Version { get; }

    /// <summary>Metadata by key, in file order when enumerated.</summary>
    public IReadOnlyDictionary<string, GgufValue> Metadata { get; }

    /// <summary>Tensor infos in file order.</summary>
    public IReadOnlyList<GgufTensorInfo> Tensors { get; }

    /// <summary>Alignment of the data section and of every tensor's data, in bytes (a power of two).</summary>
    public int Alignment { get; }

    /// <summary>Absolute byte offset of the data section (the header padded to <see cref="Alignment"/>).</summary>
    public long DataOffset { get; }

    /// <summary>Value of <c>general.architecture</c> (e.g. "llama"), or null.</summary>
    public string? Architecture => GetString("general.architecture");

    /// <summary>Reads the header of the GGUF file at <paramref name="path"/>.</summary>
    /// <param name="path">Path of the file.</param>
    /// <exception cref="GgufFormatException">Not a GGUF file (wrong magic), an unsupported version, truncated, or
    /// any malformed field; the message says which and at what byte.</exception>
    /// <exception cref="FileNotFoundException">No file at <paramref name="path"/>.</exception>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file may not be read.</exception>
    public static GgufFile Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = System.IO.Path.GetFullPath(path);
        using var stream = new FileStream(fullPath, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
        return GgufParser.Parse(fullPath, stream, stream.Length);
    }

    /// <summary>The tensor named <paramref name="name"/>, or null.</summary>
    public GgufTensorInfo? FindTensor(string name) => _byName.GetValueOrDefault(name);

    /// <summary>The tensor named <paramref name="name"/>.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    public GgufTensorInfo GetTensor(string name) =>
        FindTensor(name) ?? throw new KeyNotFoundException($"The file has no tensor named '{name}'.");

    /// <summary>The metadata value for <paramref name="key"/>, or null.</summary>
    public GgufValue? Find(string key) => Metadata.GetValueOrDefault(key);

    /// <summary>The string value of <paramref name="key"/>, or null when absent.</summary>
    /// <exception cref="GgufFormatException">The key holds another type.</exception>
    public string? GetString(string key) => Find(key) switch
    {
        null => null,
        { Value: string s } => s,
        var v => throw WrongType(key, v, "a string"),
    };

    /// <summary>The value of <paramref name="key"/> as a uint32, or null when absent. Any integer type whose value
    /// is in 0..uint.MaxValue is accepted (files differ in which width they write).</summary>
    /// <exception cref="GgufFormatException">The key holds a non-integer or a value out of range.</exception>
    public uint? GetUInt32(string key) => Find(key) switch
    {
        null => null,
        var v when v.AsUInt64() is { } u && u <= uint.MaxValue => (uint)u,
        var v => throw WrongType(key, v, "an unsigned 32-bit integer"),
    };

    /// <summary>The value of <paramref name="key"/> as a uint64, or null when absent (any non-negative integer).</summary>
    /// <exception cref="GgufFormatException">The key holds a non-integer or a negative value.</exception>
    public ulong? GetUInt64(string key) => Find(key) switch
    {
        null => null,
        var v when v.AsUInt64() is { } u => u,
        var v => throw WrongType(key, v, "an unsigned integer"),
    };

    /// <summary>The value of <paramref name="key"/> as a float (any numeric scalar), or null when absent.</summary>
    /// <exception cref="GgufFormatException">The key holds a non-number.</exception>
    public float? GetFloat32(string key) => Find(key) switch
    {
        null => null,
        var v when v.AsDouble() is { } d => (float)d,
        var v => throw WrongType(key, v, "a number"),
    };

    /// <summary>An architecture-prefixed key: <c>GetModelUInt("block_count")</c> reads <c>llama.block_count</c> in a
    /// llama file. Null when the key or <c>general.architecture</c> is absent.</summary>
    /// <exception cref="GgufFormatException">The key holds a non-integer or a value out of range (some models
    /// store per-layer arrays, e.g. <c>head_count_kv</c>: read those with <see cref="FindModel"/>).</exception>
    public uint? GetModelUInt(string suffix) => Architecture is { } arch ? GetUInt32($"{arch}.{suffix}") : null;

    /// <summary>The architecture-prefixed value <c>&lt;arch&gt;.<paramref name="suffix"/></c>, or null.</summary>
    public GgufValue? FindModel(string suffix) => Architecture is { } arch ? Find($"{arch}.{suffix}") : null;

    /// <summary>Reads a tensor's raw data: <see cref="GgufTensorInfo.SizeInBytes"/> bytes, in ggml's block layout.</summary>
    /// <exception cref="KeyNotFoundException">No tensor has that name.</exception>
    /// <exception cref="GgufFormatException">The tensor is over 2 GiB (read it by rows) or the file has since shrunk.</exception>
    public byte[] ReadTensorBytes(string name)
    {
        var tensor = GetTensor(name);
        return ReadRows(tensor, 0, tensor.RowCount);
    }

    /// <summary>Reads rows <paramref name="firstRow"/> .. <paramref name="firstRow"/> + <paramref name="rowCount"/> − 1
    /// of <paramref name="tensor"/> (a row is <c>Shape[0]</c> elements, whole blocks): rowCount × row bytes.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The rows are outside the tensor.</exception>
    /// <exception cref="GgufFormatException">More than 2 GiB asked for, or the file has since shrunk.</exception>
    public byte[] ReadRows(GgufTensorInfo tensor, long firstRow, long rowCount)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentOutOfRangeException.ThrowIfNegative(firstRow);
        ArgumentOutOfRangeException.ThrowIfNegative(rowCount);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstRow + rowCount, tensor.RowCount, nameof(rowCount));
        long rowBytes = tensor.Traits.SizeInBytes(tensor.RowLength);
        long bytes = rowBytes * rowCount;
        if (bytes > Array.MaxLength)
            throw new GgufFormatException($"Tensor '{tensor.Name}': {bytes} bytes is more than one read returns; read fewer rows.");
        var buffer = new byte[bytes];
        using var stream = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1);
        stream.Position = tensor.FileOffset + firstRow * rowBytes;
        try
        {
            stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException e)
        {
            throw new GgufFormatException($"Tensor '{tensor.Name}' is truncated: the file ends at byte {stream.Length}.", e);
        }
        return buffer;
    }

    private static GgufFormatException WrongType(string key, GgufValue value, string wanted) =>
        new($"Metadata key '{key}' is {value.Type}{(value.ElementType is { } e ? $" of {e}" : "")}, not {wanted}.");
}
