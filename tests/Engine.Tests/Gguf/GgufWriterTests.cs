using System.Runtime.InteropServices;
using Workbench.Engine.Gguf;
using Workbench.Engine.Native;
using Workbench.Engine.Tests.TestSupport;
using Xunit;

namespace Workbench.Engine.Tests.Gguf;

public class GgufWriterTests
{
    public GgufWriterTests() => TestModels.InitializeBackend();

    private static GgufWriter EveryValueType()
    {
        var writer = new GgufWriter();
        writer.Set("general.architecture", "llama");
        writer.Set("test.string", "héllo 東京 🚀");
        writer.Set("test.empty", "");
        writer.Set("test.uint", 4_000_000_000u);
        writer.Set("test.int", -123456);
        writer.Set("test.float", 3.5e-7f);
        writer.Set("test.true", true);
        writer.Set("test.false", false);
        writer.Set("test.ulong", ulong.MaxValue - 7);
        writer.Set("test.strings", ["a", "", "Ġthe", "<|im_end|>"]);
        writer.Set("test.ints", [1, -2, int.MaxValue, int.MinValue]);
        writer.Set("test.floats", [0.5f, -1e30f, float.Epsilon]);
        writer.Set("test.no_ints", Array.Empty<int>());
        return writer;
    }

    [Fact]
    public void Write_EveryValueType_RoundTripsThroughOurReaderAndGgmls()
    {
        using var temp = new TempDirectory();
        EveryValueType().Write(temp.File("values.gguf"));

        var file = GgufFile.Open(temp.File("values.gguf"));
        Assert.Equal(3u, file.Version);
        Assert.Equal("héllo 東京 🚀", file.GetString("test.string"));
        Assert.Equal("", file.GetString("test.empty"));
        Assert.Equal(4_000_000_000u, file.Metadata["test.uint"].Value);
        Assert.Equal(-123456, file.Metadata["test.int"].Value);
        Assert.Equal(3.5e-7f, file.Metadata["test.float"].Value);
        Assert.Equal(true, file.Metadata["test.true"].Value);
        Assert.Equal(false, file.Metadata["test.false"].Value);
        Assert.Equal(ulong.MaxValue - 7, file.Metadata["test.ulong"].Value);
        Assert.Equal(new[] { "a", "", "Ġthe", "<|im_end|>" }, (string[])file.Metadata["test.strings"].Value);
        Assert.Equal(new[] { 1, -2, int.MaxValue, int.MinValue }, (int[])file.Metadata["test.ints"].Value);
        Assert.Equal(new[] { 0.5f, -1e30f, float.Epsilon }, (float[])file.Metadata["test.floats"].Value);
        Assert.Empty((int[])file.Metadata["test.no_ints"].Value);
        Assert.Equal(GgufValueType.Int32, file.Metadata["test.ints"].ElementType);

        var reference = GgmlReference.ReadHeader(temp.File("values.gguf"));
        Assert.NotNull(reference);
        Assert.Equal(file.Metadata.Keys, reference.Keys.Select(k => k.Key));
        Assert.Equal(file.Metadata.Values.Select(v => (int)v.Type), reference.Keys.Select(k => k.Type));
    }

    [Fact]
    public void Set_SameKeyTwice_ReplacesInPlace_KeepingInsertionOrder()
    {
        using var temp = new TempDirectory();
        var writer = new GgufWriter();
        writer.Set("general.architecture", "llama");
        writer.Set("b", 1u);
        writer.Set("a", "first");
        writer.Set("b", "now a string");

        writer.Write(temp.File("order.gguf"));
        var file = GgufFile.Open(temp.File("order.gguf"));

        Assert.Equal(["general.architecture", "b", "a"], file.Metadata.Keys);
        Assert.Equal("now a string", file.GetString("b"));
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(64u)]
    public void AddTensor_OffsetsAreAligned_AndDataBytesExact(uint alignment)
    {
        using var temp = new TempDirectory();
        var writer = new GgufWriter();
        writer.Set("general.architecture", "llama");
        if (alignment != 0) writer.Set("general.alignment", alignment);
        float[] a = [1f, -2f, 3.25f], b = Enumerable.Range(0, 6 * 5).Select(i => i * 0.1f - 1f).ToArray(), c = [65504f, 1e-8f, -0.333f, 70000f];
        writer.AddTensor("a", [3], a);
        writer.AddTensor("b.weight", [6, 5], b);
        writer.AddTensorF16("c", [2, 1, 2], c);

        writer.Write(temp.File("tensors.gguf"));
        var file = GgufFile.Open(temp.File("tensors.gguf"));
        int expectedAlignment = alignment == 0 ? 32 : (int)alignment;

        Assert.Equal(expectedAlignment, file.Alignment);
        Assert.Equal(0, file.DataOffset % expectedAlignment);
        Assert.Equal(["a", "b.weight", "c"], file.Tensors.Select(t => t.Name));
        Assert.Equal([0L, expectedAlignment, expectedAlignment + ((120 + expectedAlignment - 1) / expectedAlignment * expectedAlignment)], file.Tensors.Select(t => t.Offset));
        Assert.Equal(new long[] { 6, 5 }, file.Tensors[1].Shape);
        Assert.Equal(GgmlType.F16, file.Tensors[2].Type);
        Assert.Equal(a, MemoryMarshal.Cast<byte, float>(file.ReadTensorBytes("a")).ToArray());
        Assert.Equal(b, MemoryMarshal.Cast<byte, float>(file.ReadTensorBytes("b.weight")).ToArray());
        Assert.Equal(c.Select(v => (Half)v), MemoryMarshal.Cast<byte, Half>(file.ReadTensorBytes("c")).ToArray());
        Assert.Equal(file.DataOffset + file.Tensors[^1].Offset + ((8 + expectedAlignment - 1) / expectedAlignment * expectedAlignment), file.FileLength);

        var reference = GgmlReference.ReadHeader(temp.File("tensors.gguf"));
        Assert.NotNull(reference);
        Assert.Equal(file.DataOffset, reference.DataOffset);
        Assert.Equal(file.Tensors.Select(t => t.Offset), reference.Tensors.Select(t => t.Offset));
        Assert.Equal(file.Tensors.Select(t => t.SizeInBytes), reference.Tensors.Select(t => t.Size));
    }

    [Fact]
    public void WriteTo_NonSeekableStream_WritesTheSameBytes()
    {
        using var temp = new TempDirectory();
        var writer = EveryValueType();
        writer.AddTensor("t", [5], [1, 2, 3, 4, 5]);
        writer.Write(temp.File("file.gguf"));
        using var pipe = new NonSeekable();
        writer.WriteTo(pipe);

        Assert.Equal(File.ReadAllBytes(temp.File("file.gguf")), pipe.Inner.ToArray());
    }

    [Fact]
    public void AddTensor_BadInput_ThrowsArgumentException()
    {
        var writer = new GgufWriter();
        writer.AddTensor("x", [2], [1, 2]);

        Assert.Contains("needs 6 values", Assert.Throws<ArgumentException>(() => writer.AddTensor("y", [2, 3], [1, 2])).Message);
        Assert.Contains("already", Assert.Throws<ArgumentException>(() => writer.AddTensor("x", [2], [1, 2])).Message);
        Assert.Contains("dimensions", Assert.Throws<ArgumentException>(() => writer.AddTensor("z", [1, 1, 1, 1, 1], [1])).Message);
        Assert.Contains("extent", Assert.Throws<ArgumentException>(() => writer.AddTensor("z", [0], [])).Message);
        Assert.Contains("bytes", Assert.Throws<ArgumentException>(() => writer.AddTensor(new string('n', 64), [1], [1])).Message);
        Assert.Throws<ArgumentException>(() => writer.Set("general.alignment", 48u));
        Assert.Throws<ArgumentException>(() => writer.Set("", 1u));
        Assert.Throws<ArgumentException>(() => writer.Set("k", ["a", null!]));
        Assert.Equal(["x"], writer.TensorNames);
    }

    [Fact]
    public void Write_TargetIsADirectory_FailsAndLeavesNoPartialFile()
    {
        using var temp = new TempDirectory();
        Directory.CreateDirectory(temp.File("model.gguf"));
        var writer = EveryValueType();

        Assert.ThrowsAny<IOException>(() => writer.Write(temp.File("model.gguf")));
        Assert.False(File.Exists(temp.File("model.gguf.partial")));
        Assert.True(Directory.Exists(temp.File("model.gguf")));
    }

    [Fact]
    public void Write_OverAnExistingFile_ReplacesIt()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.File("model.gguf"), "old");
        EveryValueType().Write(temp.File("model.gguf"));

        Assert.Equal("llama", GgufFile.Open(temp.File("model.gguf")).Architecture);
        Assert.Equal(["model.gguf"], Directory.GetFiles(temp.Path).Select(Path.GetFileName));
    }

    private sealed class NonSeekable : Stream
    {
        public MemoryStream Inner { get; } = new();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => Inner.Write(buffer, offset, count);
    }
}
