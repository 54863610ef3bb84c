using Workbench.Engine.Conversation;
using Workbench.Engine.Inference;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>Token accounting on the templated prompt, against the real tokenizer and the engine's own usage.</summary>
[Collection(ConversationCollection.Name)]
public sealed class PromptTokenCounterTests(ConversationFixture fixture)
{
    [Fact]
    public async Task AccountAsync_Conversation_PartsAddUpToTheTokenizedPrompt()
    {
        var history = ConversationFixture.Chat(3);

        var accounting = await fixture.Counter.AccountAsync(history, CancellationToken.None);

        var rendered = await fixture.Engine.ApplyChatTemplateAsync(history.Select(m => m.ToPromptMessage()).ToList(), null, true, CancellationToken.None);
        Assert.Equal(rendered.Text, accounting.Text);
        var tokens = await fixture.Engine.TokenizeAsync(rendered.Text, addSpecial: true, parseSpecial: true, CancellationToken.None);
        Assert.Equal(tokens.Count, accounting.TotalTokens);
        Assert.Equal(history.Count, accounting.MessageTokens.Count);
        Assert.Equal(accounting.TotalTokens, accounting.LeadingTokens + accounting.MessageTokens.Sum() + accounting.GenerationPromptTokens);
        Assert.True(accounting.GenerationPromptTokens > 0, "the assistant-turn opening has tokens");
    }

    [Fact]
    public async Task AccountAsync_EachMessage_CountsItsTemplateMarkup()
    {
        var history = ConversationFixture.Chat(2);

        var accounting = await fixture.Counter.AccountAsync(history, CancellationToken.None);

        for (var i = 0; i < history.Count; i++)
        {
            var contentOnly = await fixture.Engine.TokenizeAsync(history[i].Content, addSpecial: false, parseSpecial: true, CancellationToken.None);
            Assert.True(accounting.MessageTokens[i] > contentOnly.Count,
                $"message {i}: {accounting.MessageTokens[i]} tokens counted, its content alone is {contentOnly.Count}");
        }
    }

    [Fact]
    public async Task CountAsync_History_EqualsTheGenerationsPromptTokens()
    {
        var history = ConversationFixture.Chat(2);
        var count = await fixture.Counter.CountAsync(history, CancellationToken.None);
        var prompt = await fixture.Counter.RenderAsync(history, CancellationToken.None);

        GenerationUsage? usage = null;
        await foreach (var update in fixture.Engine.GenerateAsync(new GenerationRequest { Prompt = prompt.Text, MaxTokens = 2 }, CancellationToken.None))
        {
            usage ??= update.Usage;
        }

        Assert.NotNull(usage);
        Assert.Equal(usage.PromptTokens, count);
    }

    [Fact]
    public async Task AccountAsync_ToolCall_RendersTheCallAndCountsIt()
    {
        var history = ConversationFixture.ToolChat(1);

        var accounting = await fixture.Counter.AccountAsync(history, CancellationToken.None);

        Assert.Contains("<tool_call>", accounting.Text);
        Assert.Contains("\"name\": \"get_weather\"", accounting.Text);
        Assert.Contains("<|im_start|>tool", accounting.Text);
        var call = await fixture.Engine.TokenizeAsync(history[2].ToPromptMessage().Content, false, true, CancellationToken.None);
        Assert.True(accounting.MessageTokens[2] > call.Count);
    }

    [Fact]
    public async Task AccountAsync_EmptyHistory_CountsOnlyTheTemplate()
    {
        var accounting = await fixture.Counter.AccountAsync([], CancellationToken.None);

        Assert.Empty(accounting.MessageTokens);
        Assert.Equal(accounting.TotalTokens, accounting.LeadingTokens + accounting.GenerationPromptTokens);
    }
}
