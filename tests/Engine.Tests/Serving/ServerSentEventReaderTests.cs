using System.Text;
using Workbench.Engine.Serving;
using Xunit;

namespace Workbench.Engine.Tests.Serving;

public sealed class ServerSentEventReaderTests
{
    private static async Task<List<string>> ReadAll(string wire, int chunkSize)
    {
        using var stream = new TrickleStream(Encoding.UTF8.GetBytes(wire), chunkSize);
        using var reader = new ServerSentEventReader(stream);
        var events = new List<string>();
        while (await reader.ReadDataAsync(CancellationToken.None) is { } data) events.Add(data);
        return events;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4096)]
    public async Task ReadDataAsync_ReassemblesLinesAndCharactersSplitAcrossReads(int chunkSize)
    {
        var wire = "data: {\"a\":\"héllo 🐱\"}\n\n: a comment\n\ndata:{\"b\":2}\r\n\r\nevent: x\nid: 7\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n";
        var events = await ReadAll(wire, chunkSize);
        Assert.Equal(["{\"a\":\"héllo 🐱\"}", "{\"b\":2}", "line1\nline2", "[DONE]"], events);
    }

    [Fact]
    public async Task ReadDataAsync_CrLineEndingsAndOnlyOneSpaceStripped()
    {
        var events = await ReadAll("data:  two spaces\r\rdata\r\r", 2);
        Assert.Equal([" two spaces", ""], events);
    }

    [Fact]
    public async Task ReadDataAsync_EventCutOffByEndOfStream_IsReturned()
    {
        Assert.Equal(["{\"x\":1}"], await ReadAll("\n\ndata: {\"x\":1}", 5));
        Assert.Empty(await ReadAll(": only a comment\n\n", 5));
    }

    [Fact]
    public async Task ReadDataAsync_Cancelled_Throws()
    {
        using var pipe = new System.IO.Pipelines.Pipe().Reader.AsStream();
        using var reader = new ServerSentEventReader(pipe);
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadDataAsync(cts.Token));
    }

    /// <summary>A stream that returns at most <c>chunkSize</c> bytes per read, like a slow network.</summary>
    private sealed class TrickleStream(byte[] data, int chunkSize) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunkSize));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunkSize)]);
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunkSize)], cancellationToken);
        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunkSize), cancellationToken);
    }
}
