using System.Buffers.Binary;
using System.Text;
using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;

namespace Workbench.Engine.Tests.Gguf;

/// <summary>The Engine's GGUF reader on the real model files, checked against ggml's own reader
/// (<c>gguf_init_from_file</c> in libggml-base), and on malformed files.</summary>
public sealed class GgufFileTests
{
    public static TheoryData<string> RealFiles() => new()
    {
        TestModels.Stories260K,
        TestModels.TinyStories,
        TestModels.Vocab("llama-spm"),
    };

    public GgufFileTests() => TestModels.InitializeBackend();

    [Theory]
    [MemberData(nameof(RealFiles))]
    public void Open_RealFile_HeaderMatchesGgmlsReader(string path)
    {
        var file = GgufFile.Open(path);
        var reference = GgmlReference.ReadHeader(path);

        Assert.NotNull(reference);
        Assert.Equal(reference.Version, file.Version);
        Assert.Equal(reference.Alignment, file.Alignment);
        Assert.Equal(reference.Keys.Select(k => k.Key), file.Metadata.Keys);
        Assert.Equal(reference.Keys.Select(k => k.Type), file.Metadata.Values.Select(v => (int)v.Type));
        Assert.Equal(reference.Tensors.Count, file.Tensors.Count);
        if (file.Tensors.Count > 0) Assert.Equal(reference.DataOffset, file.DataOffset);
        for (int i = 0; i < file.Tensors.Count; i++)
        {
            var (mine, theirs) = (file.Tensors[i], reference.Tensors[i]);
            Assert.Equal(theirs.Name, mine.Name);
            Assert.Equal(theirs.Type, (int)mine.Type);
            Assert.Equal(theirs.Ne, mine.Shape.Concat(Enumerable.Repeat(1L, 4 - mine.Shape.Count)));
            Assert.Equal(theirs.Offset, mine.Offset);
            Assert.Equal(theirs.Size, mine.SizeInBytes);
            Assert.Equal(file.DataOffset + mine.Offset, mine.FileOffset);
        }
    }

    [Theory]
    [InlineData(TestModels.Stories260KFile)]
    [InlineData(TestModels.TinyStoriesFile)]
    public void Open_RealModel_TensorDataEndsWhereTheFileDoes(string name)
    {
        var file = GgufFile.Open(TestModels.Path(name));

        var last = file.Tensors[^1];
        long end = last.FileOffset + last.SizeInBytes;
        Assert.Equal(new FileInfo(file.Path).Length, file.FileLength);
        Assert.InRange(file.FileLength - end, 0, file.Alignment - 1);
        long packed = file.Tensors.Sum(t => (t.SizeInBytes + file.Alignment - 1) / file.Alignment * file.Alignment);
        Assert.InRange(file.DataOffset + packed - file.FileLength, 0, file.Alignment - 1);
    }

    [Fact]
    public void Open_Stories260K_ReadsTypedMetadataAndArchitectureKeys()
    {
        var file = GgufFile.Open(TestModels.Stories260K);

        Assert.Equal("llama", file.Architecture);
        Assert.Equal(5u, file.GetModelUInt("block_count"));
        Assert.Equal(64u, file.GetModelUInt("embedding_length"));
        Assert.All(file.Tensors, t => Assert.Equal(GgmlType.F32, t.Type));
        var tokens = file.Find("tokenizer.ggml.tokens");
        Assert.NotNull(tokens);
        Assert.Equal(GgufValueType.String, tokens.ElementType);
        Assert.Equal(512, Assert.IsType<string[]>(tokens.Value).Length);
        Assert.Equal(file.GetTensor("token_embd.weight").Shape, new long[] { 64, 512 });
        Assert.Throws<GgufFormatException>(() => file.GetString("llama.block_count"));
        Assert.Null(file.GetUInt32("no.such.key"));
    }

    [Fact]
    public void ReadTensorBytes_Stories260K_ReturnsTheTensorsBytesFromTheFile()
    {
        var file = GgufFile.Open(TestModels.Stories260K);
        var tensor = file.GetTensor("blk.0.attn_q.weight");
        var whole = File.ReadAllBytes(file.Path);

        var bytes = file.ReadTensorBytes(tensor.Name);
        var rows = file.ReadRows(tensor, 3, 2);

        Assert.Equal(64 * 64 * 4, bytes.Length);
        Assert.Equal(whole.AsSpan((int)tensor.FileOffset, bytes.Length).ToArray(), bytes);
        Assert.Equal(bytes.AsSpan(3 * 64 * 4, 2 * 64 * 4).ToArray(), rows);
        Assert.Throws<KeyNotFoundException>(() => file.ReadTensorBytes("no.such.tensor"));
    }

    [Fact]
    public void Open_WrongMagic_SaysNotAGgufFile()
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(TestModels.Stories260K);
        bytes[0] = (byte)'X';
        File.WriteAllBytes(dir.File("bad.gguf"), bytes);
        File.WriteAllText(dir.File("text.gguf"), "hello");

        Assert.StartsWith("Not a GGUF file", Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File("bad.gguf"))).Message);
        Assert.StartsWith("Not a GGUF file", Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File("text.gguf"))).Message);
        Assert.Null(GgmlReference.ReadHeader(dir.File("bad.gguf")));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(20)]
    [InlineData(1000)]
    [InlineData(30_000)]
    [InlineData(-100)] // inside the tensor data
    [InlineData(-1)]
    public void Open_TruncatedFile_ThrowsTruncated(int cut)
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(TestModels.Stories260K);
        int length = cut > 0 ? cut : bytes.Length + cut;
        File.WriteAllBytes(dir.File("cut.gguf"), bytes[..length]);

        var e = Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File("cut.gguf")));

        Assert.Contains(length < 4 ? "Not a GGUF file" : $"truncated at byte {length}", e.Message);
    }

    [Theory]
    [InlineData(8, 1L << 40)] // tensor count
    [InlineData(16, 1L << 40)] // metadata count
    [InlineData(8, -1L)]
    [InlineData(16, long.MaxValue)]
    public void Open_AbsurdCount_ThrowsBeforeAllocating(int at, long count)
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(TestModels.Stories260K);
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(at), count);
        File.WriteAllBytes(dir.File("count.gguf"), bytes);

        var e = Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File("count.gguf")));

        Assert.Contains($"at byte {at}", e.Message);
        Assert.Null(GgmlReference.ReadHeader(dir.File("count.gguf")));
    }

    [Fact]
    public void Open_AbsurdStringAndArrayLengths_Throw()
    {
        using var dir = new TempDirectory();
        var longKey = Header(1, w => { w.Write(ulong.MaxValue); });
        var longArray = Header(1, w => { Key(w, "a"); w.Write(9); w.Write(4); w.Write(1UL << 62); });
        var nested = Header(1, w => { Key(w, "a"); w.Write(9); w.Write(9); w.Write(1UL); });
        var badType = Header(1, w => { Key(w, "a"); w.Write(13); w.Write(0); });
        var badBool = Header(1, w => { Key(w, "a"); w.Write(7); w.Write((byte)2); });
        var duplicate = Header(2, w => { Key(w, "a"); w.Write(0); w.Write((byte)1); Key(w, "a"); w.Write(0); w.Write((byte)1); });
        var badAlignment = Header(1, w => { Key(w, "general.alignment"); w.Write(4); w.Write(48u); });

        foreach (var (name, bytes, expected) in new[]
        {
            ("key", longKey, "bytes are left"), ("array", longArray, "cannot fit"), ("nested", nested, "invalid type 9"),
            ("type", badType, "invalid type 13"), ("bool", badBool, "bool"), ("dup", duplicate, "Duplicate metadata key 'a'"),
            ("align", badAlignment, "not a power of two"),
        })
        {
            File.WriteAllBytes(dir.File(name), bytes);
            var e = Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File(name)));
            Assert.Contains(expected, e.Message);
        }
    }

    [Theory]
    [InlineData(1u, "version 1")]
    [InlineData(4u, "version 4")]
    [InlineData(0x03000000u, "big-endian")]
    public void Open_UnsupportedVersion_Throws(uint version, string expected)
    {
        using var dir = new TempDirectory();
        var bytes = File.ReadAllBytes(TestModels.Stories260K);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(4), version);
        File.WriteAllBytes(dir.File("v.gguf"), bytes);

        Assert.Contains(expected, Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File("v.gguf"))).Message);
    }

    [Fact]
    public void Open_BadTensorInfos_Throw()
    {
        using var dir = new TempDirectory();
        var cases = new (string Name, byte[] Bytes, string Expected)[]
        {
            ("dims", Tensors(w => TensorInfo(w, "t", [32, 1, 1, 1, 1], 0, 0)), "5 dimensions"),
            ("type", Tensors(w => TensorInfo(w, "t", [32], 4, 0)), "type 4"),
            ("block", Tensors(w => TensorInfo(w, "t", [33], 8, 0)), "not a multiple of its block size 32"),
            ("negative", Tensors(w => TensorInfo(w, "t", [-32], 0, 0)), "negative extent"),
            ("offset", Tensors(w => TensorInfo(w, "t", [32], 0, 64)), "expected 0"),
            ("past-end", Tensors(w => TensorInfo(w, "t", [1L << 40], 0, 0)), "truncated"),
            ("overflow", Tensors(w => TensorInfo(w, "t", [1L << 40, 1L << 40], 0, 0)), "64-bit"),
        };
        foreach (var (name, bytes, expected) in cases)
        {
            File.WriteAllBytes(dir.File(name), bytes);
            var e = Assert.Throws<GgufFormatException>(() => GgufFile.Open(dir.File(name)));
            Assert.Contains(expected, e.Message);
        }
    }

    private static byte[] Header(long kvCount, Action<BinaryWriter> body) => Build(0, kvCount, body);

    private static byte[] Tensors(Action<BinaryWriter> body) => Build(1, 0, body);

    private static byte[] Build(long tensorCount, long kvCount, Action<BinaryWriter> body)
    {
        using var stream = new MemoryStream();
        using (var w = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            w.Write("GGUF"u8);
            w.Write(3u);
            w.Write(tensorCount);
            w.Write(kvCount);
            body(w);
            w.Write(new byte[64]); // a little slack, so that only the field under test is wrong
        }
        return stream.ToArray();
    }

    private static void Key(BinaryWriter w, string key)
    {
        var bytes = Encoding.UTF8.GetBytes(key);
        w.Write((ulong)bytes.Length);
        w.Write(bytes);
    }

    private static void TensorInfo(BinaryWriter w, string name, long[] ne, int type, ulong offset)
    {
        Key(w, name);
        w.Write((uint)ne.Length);
        foreach (long n in ne) w.Write(n);
        w.Write(type);
        w.Write(offset);
    }
}
