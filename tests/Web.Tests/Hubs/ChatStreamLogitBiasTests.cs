using Microsoft.AspNetCore.SignalR;
using Workbench.Web.Hubs;

namespace Workbench.Web.Tests.Hubs;

/// <summary>The hub's <c>logitBias</c> reaches the sampling options, validated like the API's <c>logit_bias</c>.</summary>
public sealed class ChatStreamLogitBiasTests
{
    private static ChatStreamRequest With(Dictionary<string, float> bias) => new() { LogitBias = bias };

    [Fact]
    public void TokenIdKeys_BecomeTheSamplingOptionsLogitBias()
    {
        var request = ChatStreamRequestMapper.Generation(With(new() { ["42"] = 100, ["7"] = -100 }), "prompt");
        Assert.Equal(new Dictionary<int, float> { [42] = 100, [7] = -100 }, request.Sampling.LogitBias);
    }

    [Theory]
    [InlineData("hello", 1)]
    [InlineData("-3", 1)]
    [InlineData("5", 101)]
    public void NotATokenId_OrABiasOutOfRange_IsAHubErrorNamingLogitBias(string key, float bias)
    {
        var e = Assert.Throws<HubException>(() => ChatStreamRequestMapper.Generation(With(new() { [key] = bias }), "prompt"));
        Assert.Contains("'logitBias'", e.Message);
    }
}
