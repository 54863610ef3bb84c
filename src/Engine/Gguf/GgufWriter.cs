using System.Runtime.InteropServices;
using System.Text;

namespace Workbench.Engine.Gguf;

/// <summary>
/// Builds a GGUF v3 file in memory and writes it: metadata key/value pairs and F32/F16 tensors. The layout is
/// ggml's <c>docs/gguf.md</c> as <c>gguf_write_to_buf</c> (ggml/src/gguf.cpp) writes it: magic "GGUF", uint32
/// version 3, int64 tensor count, int64 metadata count, the key/value pairs (uint64-length UTF-8 key, int32 type,
/// value), the tensor infos (name, uint32 n_dims, int64 ne[n_dims], int32 ggml type, uint64 offset into the data
/// section), zero padding to the alignment, then each tensor's data padded with zeros to the alignment. All
/// little-endian. Read back with <see cref="GgufFile.Open"/> or llama.cpp.
/// </summary>
/// <remarks>Keys keep insertion order (by convention <c>general.architecture</c> first); setting a key again
/// replaces its value in place. Tensors keep insertion order. The alignment is <c>general.alignment</c> when set
/// (a UInt32 power of two), else <see cref="GgufFile.DefaultAlignment"/>. The writer keeps references to the
/// arrays it is given until <see cref="Write"/>: do not change them in between. Not thread-safe.</remarks>
public sealed class GgufWriter
{
    /// <summary>The GGUF version written.</summary>
    public const uint Version = 3;

    private readonly List<string> _keys = [];
    private readonly Dictionary<string, GgufValue> _metadata = new(StringComparer.Ordinal);
    private readonly List<PendingTensor> _tensors = [];
    private readonly HashSet<string> _tensorNames = new(StringComparer.Ordinal);

    /// <summary>Metadata keys in the order they will be written.</summary>
    public IReadOnlyList<string> Keys => _keys;

    /// <summary>The value set for <paramref name="key"/>, or null.</summary>
    public GgufValue? Get(string key) => _metadata.GetValueOrDefault(key);

    /// <summary>Names of the tensors added so far, in file order.</summary>
    public IReadOnlyList<string> TensorNames => _tensors.Select(t => t.Name).ToArray();

    /// <summary>Alignment of the data section and of each tensor in bytes: <c>general.alignment</c> or 32.</summary>
    public int Alignment => _metadata.TryGetValue("general.alignment", out var v) && v.Value is uint a ? (int)a : GgufFile.DefaultAlignment;

    /// <summary>Sets a STRING value (UTF-8).</summary>
    /// <exception cref="ArgumentException">The key is empty; the value is null.</exception>
    public void Set(string key, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        Put(key, new GgufValue(GgufValueType.String, value));
    }

    /// <summary>Sets a UINT32 value. For <c>general.alignment</c> the value must be a power of two.</summary>
    /// <exception cref="ArgumentException">The key is empty, or an alignment is not a power of two.</exception>
    public void Set(string key, uint value)
    {
        if (key == "general.alignment" && (value == 0 || (value & (value - 1)) != 0 || value > 1u << 30))
            throw new ArgumentException($"general.alignment must be a power of two, not {value}.", nameof(value));
        Put(key, new GgufValue(GgufValueType.UInt32, value));
    }

    /// <summary>Sets an INT32 value.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Set(string key, int value) => Put(key, new GgufValue(GgufValueType.Int32, value));

    /// <summary>Sets a FLOAT32 value.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Set(string key, float value) => Put(key, new GgufValue(GgufValueType.Float32, value));

    /// <summary>Sets a BOOL value (one byte, 0 or 1).</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Set(string key, bool value) => Put(key, new GgufValue(GgufValueType.Bool, value));

    /// <summary>Sets a UINT64 value.</summary>
    /// <exception cref="ArgumentException">The key is empty.</exception>
    public void Set(string key, ulong value) => Put(key, new GgufValue(GgufValueType.UInt64, value));

    /// <summary>Sets an ARRAY of STRING (e.g. <c>tokenizer.ggml.tokens</c>).</summary>
    /// <exception cref="ArgumentException">The key is empty, or the array or an element is null.</exception>
    public void Set(string key, string[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (Array.IndexOf(values, null) is var i and >= 0)
            throw new ArgumentException($"Element {i} of the array for '{key}' is null.", nameof(values));
        Put(key, new GgufValue(GgufValueType.Array, values, GgufValueType.String));
    }

    /// <summary>Sets an ARRAY of INT32 (e.g. <c>tokenizer.ggml.token_type</c>).</summary>
    /// <exception cref="ArgumentException">The key is empty, or the array is null.</exception>
    public void Set(string key, int[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Put(key, new GgufValue(GgufValueType.Array, values, GgufValueType.Int32));
    }

    /// <summary>Sets an ARRAY of FLOAT32 (e.g. <c>tokenizer.ggml.scores</c>).</summary>
    /// <exception cref="ArgumentException">The key is empty, or the array is null.</exception>
    public void Set(string key, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        Put(key, new GgufValue(GgufValueType.Array, values, GgufValueType.Float32));
    }

    /// <summary>Adds an F32 tensor.</summary>
    /// <param name="name">Unique name, at most 63 UTF-8 bytes (GGML_MAX_NAME − 1), e.g. <c>blk.0.attn_q.weight</c>.</param>
    /// <param name="ne">Extents in ggml order, 1 to 4 of them, each ≥ 1: <c>ne[0]</c> is the contiguous dimension
    /// (a row), so a matrix of <c>ne[1]</c> rows of <c>ne[0]</c> floats is stored row-major.</param>
    /// <param name="data">The product of <paramref name="ne"/> floats, in that order.</param>
    /// <exception cref="ArgumentException">A bad or duplicate name, a bad shape, or a data length that does not match
    /// the shape.</exception>
    public void AddTensor(string name, long[] ne, float[] data) => Add(name, ne, data, GgmlType.F32);

    /// <summary>Adds an F16 tensor: like <see cref="AddTensor"/>, each float rounded to the nearest IEEE half
    /// (<see cref="Half"/>, ggml's <c>GGML_FP32_TO_FP16</c>; out-of-range values become ±infinity).</summary>
    /// <exception cref="ArgumentException">As for <see cref="AddTensor"/>.</exception>
    public void AddTensorF16(string name, long[] ne, float[] data) => Add(name, ne, data, GgmlType.F16);

    /// <summary>Writes the file: to <c>path + ".partial"</c> first, then renamed over <paramref name="path"/>, so a
    /// failed or cancelled write leaves no half-written file at <paramref name="path"/> (and the partial file is
    /// deleted). The parent directory is created if needed.</summary>
    /// <exception cref="ArgumentException">The path is empty.</exception>
    /// <exception cref="IOException">The file cannot be written or renamed.</exception>
    /// <exception cref="UnauthorizedAccessException">The file or folder may not be written.</exception>
    public void Write(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = Path.GetFullPath(path);
        string? folder = Path.GetDirectoryName(full);
        if (!string.IsNullOrEmpty(folder)) Directory.CreateDirectory(folder);
        string partial = full + ".partial";
        try
        {
            using (var stream = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                WriteTo(stream);
                stream.Flush(flushToDisk: false);
            }
            File.Move(partial, full, overwrite: true);
        }
        catch
        {
            try { File.Delete(partial); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            throw;
        }
    }

    /// <summary>Writes the GGUF bytes to <paramref name="stream"/> (from its current position).</summary>
    /// <exception cref="IOException">The stream failed.</exception>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("GgufWriter writes little-endian GGUF and runs only on little-endian machines.");
        int alignment = Alignment;
        using var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(GgufFile.Magic);
        writer.Write(Version);
        writer.Write((long)_tensors.Count);
        writer.Write((long)_keys.Count);
        foreach (string key in _keys)
        {
            WriteString(writer, key);
            WriteValue(writer, _metadata[key]);
        }

        long offset = 0;
        foreach (var tensor in _tensors)
        {
            WriteString(writer, tensor.Name);
            writer.Write((uint)tensor.Ne.Length);
            foreach (long n in tensor.Ne) writer.Write(n);
            writer.Write((int)tensor.Type);
            writer.Write((ulong)offset);
            offset += Pad(tensor.SizeInBytes, alignment);
        }
        writer.Flush();

        long headerEnd = stream.CanSeek ? stream.Position : HeaderSize();
        WriteZeros(writer, Pad(headerEnd, alignment) - headerEnd);
        foreach (var tensor in _tensors)
        {
            WriteData(writer, tensor);
            WriteZeros(writer, Pad(tensor.SizeInBytes, alignment) - tensor.SizeInBytes);
        }
        writer.Flush();
    }

    private void Put(string key, GgufValue value)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        if (_metadata.TryAdd(key, value))
            _keys.Add(key);
        else
            _metadata[key] = value;
    }

    private void Add(string name, long[] ne, float[] data, GgmlType type)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(ne);
        ArgumentNullException.ThrowIfNull(data);
        int nameBytes = Encoding.UTF8.GetByteCount(name);
        if (nameBytes >= GgufFile.MaxNameBytes)
            throw new ArgumentException($"Tensor name '{name}' is {nameBytes} bytes; ggml allows at most {GgufFile.MaxNameBytes - 1}.", nameof(name));
        if (_tensorNames.Contains(name))
            throw new ArgumentException($"A tensor named '{name}' was already added.", nameof(name));
        if (ne.Length is 0 or > GgufFile.MaxDimensions)
            throw new ArgumentException($"Tensor '{name}' has {ne.Length} dimensions; 1 to {GgufFile.MaxDimensions} are allowed.", nameof(ne));
        long elements = 1;
        foreach (long n in ne)
        {
            if (n < 1) throw new ArgumentException($"Tensor '{name}' has extent {n}; every extent must be at least 1.", nameof(ne));
            elements = checked(elements * n);
        }
        if (elements != data.LongLength)
            throw new ArgumentException($"Tensor '{name}' of shape [{string.Join(", ", ne)}] needs {elements} values but {data.LongLength} were given.", nameof(data));
        _tensorNames.Add(name);
        _tensors.Add(new PendingTensor(name, (long[])ne.Clone(), data, type));
    }

    private long HeaderSize()
    {
        long size = 4 + 4 + 8 + 8;
        foreach (string key in _keys) size += 8 + Encoding.UTF8.GetByteCount(key) + ValueSize(_metadata[key]);
        foreach (var t in _tensors) size += 8 + Encoding.UTF8.GetByteCount(t.Name) + 4 + 8L * t.Ne.Length + 4 + 8;
        return size;
    }

    private static long ValueSize(GgufValue value) => value.Value switch
    {
        string s => 4 + 8 + Encoding.UTF8.GetByteCount(s),
        string[] a => 4 + 4 + 8 + a.Sum(s => 8L + Encoding.UTF8.GetByteCount(s)),
        int[] a => 4 + 4 + 8 + 4L * a.Length,
        float[] a => 4 + 4 + 8 + 4L * a.Length,
        bool => 4 + 1,
        ulong => 4 + 8,
        _ => 4 + 4,
    };

    private static void WriteValue(BinaryWriter writer, GgufValue value)
    {
        writer.Write((int)value.Type);
        switch (value.Value)
        {
            case string s: WriteString(writer, s); break;
            case uint v: writer.Write(v); break;
            case int v: writer.Write(v); break;
            case float v: writer.Write(v); break;
            case bool v: writer.Write(v ? (byte)1 : (byte)0); break;
            case ulong v: writer.Write(v); break;
            case string[] a:
                writer.Write((int)GgufValueType.String);
                writer.Write((ulong)a.Length);
                foreach (string s in a) WriteString(writer, s);
                break;
            case int[] a:
                writer.Write((int)GgufValueType.Int32);
                writer.Write((ulong)a.Length);
                writer.Write(MemoryMarshal.AsBytes(a.AsSpan()));
                break;
            case float[] a:
                writer.Write((int)GgufValueType.Float32);
                writer.Write((ulong)a.Length);
                writer.Write(MemoryMarshal.AsBytes(a.AsSpan()));
                break;
            default:
                throw new InvalidOperationException($"Unsupported metadata value {value.Value.GetType()}.");
        }
    }

    private static void WriteString(BinaryWriter writer, string s)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(s);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteData(BinaryWriter writer, PendingTensor tensor)
    {
        if (tensor.Type == GgmlType.F32)
        {
            writer.Write(MemoryMarshal.AsBytes(tensor.Data.AsSpan()));
            return;
        }
        const int Chunk = 4096;
        var halves = new Half[Chunk];
        for (int start = 0; start < tensor.Data.Length; start += Chunk)
        {
            int n = Math.Min(Chunk, tensor.Data.Length - start);
            for (int i = 0; i < n; i++) halves[i] = (Half)tensor.Data[start + i];
            writer.Write(MemoryMarshal.AsBytes(halves.AsSpan(0, n)));
        }
    }

    private static void WriteZeros(BinaryWriter writer, long count)
    {
        Span<byte> zeros = stackalloc byte[64];
        zeros.Clear();
        while (count > 0)
        {
            int n = (int)Math.Min(count, zeros.Length);
            writer.Write(zeros[..n]);
            count -= n;
        }
    }

    private static long Pad(long value, int alignment) => (value + alignment - 1) / alignment * alignment;

    private sealed record PendingTensor(string Name, long[] Ne, float[] Data, GgmlType Type)
    {
        public long SizeInBytes => Data.LongLength * (Type == GgmlType.F32 ? 4 : 2);
    }
}
