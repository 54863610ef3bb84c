using Microsoft.Extensions.AI;
using Workbench.Lab.Backends;
using Workbench.Lab.Tests.TestSupport;
using static Workbench.Lab.Tests.Backends.BackendTestConfig;

namespace Workbench.Lab.Tests.Backends;

/// <summary>The built-in backend is the engine itself: the real stories260K model answers through it.</summary>
[Collection(Stories260KGradingCollection.Name)]
public sealed class BuiltInBackendTests(Stories260KGradingFixture fixture)
{
    [Fact]
    public async Task BuiltIn_OnStories260K_StreamsTextAndReportsTheLoadedContextWindow()
    {
        var backends = BackendsFor(new Dictionary<string, string?>(), fixture.Engine);
        using var client = backends.GetChatClient(IChatBackends.BuiltInName);

        var response = await client.GetStreamingResponseAsync(
            [new ChatMessage(ChatRole.User, "Once upon a time")],
            new ChatOptions { MaxOutputTokens = 12, Temperature = 0, Seed = 1 }).ToChatResponseAsync();

        Assert.False(string.IsNullOrWhiteSpace(response.Text));
        Assert.Equal(12, response.Usage?.OutputTokenCount);
        var builtIn = Assert.Single(backends.List());
        Assert.True(builtIn.IsBuiltIn);
        Assert.Equal(fixture.Engine.Model!.ContextSize, builtIn.ContextWindow);
        Assert.Equal(2048, builtIn.ContextWindow);
    }
}
