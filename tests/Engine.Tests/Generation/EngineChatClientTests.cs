using Microsoft.Extensions.AI;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Tests.Generation;

public sealed class EngineChatClientTests(EngineFixture fixture) : IClassFixture<EngineFixture>
{
    private static readonly ChatMessage[] Conversation = [new(ChatRole.User, "Tell me a story about a cat.")];

    [Fact]
    public async Task GetStreamingResponseAsync_StreamsTextThenFinishReasonAndUsage()
    {
        using IChatClient client = new EngineChatClient(fixture.Engine, "chatml");
        var options = new ChatOptions { MaxOutputTokens = 16, Seed = 5, Temperature = 0.7f };

        var updates = new List<ChatResponseUpdate>();
        await foreach (var update in client.GetStreamingResponseAsync(Conversation, options)) updates.Add(update);

        Assert.False(string.IsNullOrEmpty(string.Concat(updates.Select(u => u.Text))));
        Assert.All(updates, u => Assert.Equal(ChatRole.Assistant, u.Role));
        var last = updates[^1];
        Assert.NotNull(last.FinishReason);
        var usage = Assert.Single(last.Contents.OfType<UsageContent>());
        Assert.Equal(updates.Count(u => u.RawRepresentation is GenerationUpdate { Token: not null }), usage.Details.OutputTokenCount);
        Assert.True(usage.Details.InputTokenCount > 0);
    }

    [Fact]
    public async Task GetResponseAsync_SameSeed_SameText_AndLengthAtMaxOutputTokens()
    {
        using IChatClient client = new EngineChatClient(fixture.Engine, "chatml");
        var options = new ChatOptions { MaxOutputTokens = 12, Seed = 77, StopSequences = ["<|im_end|>"] };

        var first = await client.GetResponseAsync(Conversation, options);
        var second = await client.GetResponseAsync(Conversation, options);

        Assert.Equal(first.Text, second.Text);
        Assert.NotNull(first.FinishReason);
        Assert.True(first.Usage!.OutputTokenCount <= 12);
        if (first.Usage.OutputTokenCount == 12) Assert.Equal(ChatFinishReason.Length, first.FinishReason);
    }
}
