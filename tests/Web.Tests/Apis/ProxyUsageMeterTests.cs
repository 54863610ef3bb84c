using System.Text;
using Workbench.Web.Apis;

namespace Workbench.Web.Tests.Apis;

public sealed class ProxyUsageMeterTests
{
    [Fact]
    public void Body_WithUsage_ChargesTotalTokens_EvenWhenSplit()
    {
        var meter = new ProxyUsageMeter();
        var body = Encoding.UTF8.GetBytes("""{"choices":[{"message":{"content":"hi"}}],"usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""");

        meter.AppendBody(body.AsSpan(0, 20));
        meter.AppendBody(body.AsSpan(20));

        Assert.Equal(8, meter.Tokens);
    }

    [Fact]
    public void Body_WithoutUsage_FallsBackToTimings_AndNonJsonChargesNothing()
    {
        var timed = new ProxyUsageMeter();
        timed.AppendBody("""{"timings":{"prompt_n":4,"predicted_n":6}}"""u8);
        var broken = new ProxyUsageMeter();
        broken.AppendBody("""{"usage":{"total_t"""u8);

        Assert.Equal(10, timed.Tokens);
        Assert.Equal(0, broken.Tokens);
    }

    [Fact]
    public void Events_WithoutUsage_CountContentChunksPlusPromptN()
    {
        var meter = new ProxyUsageMeter();

        meter.ObserveEvents("data: {\"choices\":[{\"delta\":{\"role\":\"assistant\"}}]}\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"Once\"}}]}\n\n"u8);
        meter.ObserveEvents("data: {\"choices\":[{\"text\":\" upon\"}]}\n\n"u8);
        meter.ObserveEvents("data: {\"choices\":[{\"delta\":{\"content\":\"\"},\"finish_reason\":\"length\"}],\"timings\":{\"prompt_n\":7,\"predicted_n\":2}}\n\ndata: [DONE]\n\n"u8);

        Assert.Equal(2 + 7, meter.Tokens);
    }

    [Fact]
    public void Events_WithAUsageChunk_ChargeItsTotal_AndIgnoreErrorsAndComments()
    {
        var meter = new ProxyUsageMeter();

        meter.ObserveEvents(": keep-alive\n\ndata: {\"choices\":[{\"delta\":{\"content\":\"a\"}}],\"usage\":null}\n\n"u8);
        meter.ObserveEvents("data: {\"choices\":[],\"usage\":{\"total_tokens\":42}}\r\n\r\ndata: {\"error\":{\"message\":\"x\"}}"u8);

        Assert.Equal(42, meter.Tokens);
    }
}
