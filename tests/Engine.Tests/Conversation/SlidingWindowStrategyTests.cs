using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>Sliding windows by turns and by token budget on the real tokenizer.</summary>
[Collection(ConversationCollection.Name)]
public sealed class SlidingWindowStrategyTests(ConversationFixture fixture)
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task ByTurns_LongChat_KeepsTheSystemPromptAndTheLastTurns(int turns)
    {
        var history = ConversationFixture.Chat(5);
        history.Add(HistoryMessage.User("One more?"));

        var view = await SlidingWindowStrategy.ByTurns(turns).SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        // The current turn is the open user message; each earlier turn is a user and an assistant message.
        Assert.Equal(history.Skip(history.Count - (1 + 2 * (turns - 1))), view.Messages.Skip(1));
        Assert.Equal(turns, view.Messages.Count(m => m.Role == HistoryMessage.UserRole));
    }

    [Fact]
    public async Task ByTurns_ToolTurns_KeepsWholeTurnsWithTheirToolCalls()
    {
        var history = ConversationFixture.ToolChat(3);
        history.Add(HistoryMessage.User("And town 4?"));

        var view = await SlidingWindowStrategy.ByTurns(2).SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        Assert.Equal(1 + 4 + 1, view.Messages.Count);
        Assert.True(view.Messages[2].HasToolCalls);
    }

    [Fact]
    public async Task ByTurns_WindowLargerThanTheContext_SaysItDoesNotFit()
    {
        var history = ConversationFixture.Chat(12);
        history.Add(HistoryMessage.User("Again?"));

        var view = await SlidingWindowStrategy.ByTurns(20).SelectAsync(history, 200, fixture.Counter, CancellationToken.None);

        Assert.Equal(history, view.Messages);
        Assert.False(view.Fits);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(180)]
    public async Task ByTokens_LongToolChat_KeepsTheNewestWithinItsBudget(int tokens)
    {
        var history = ConversationFixture.ToolChat(4);
        history.Add(HistoryMessage.User("And town 5?"));

        var view = await SlidingWindowStrategy.ByTokens(tokens).SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        Assert.Equal(tokens, view.TokenBudget);
        Assert.True(view.PromptTokens <= tokens, $"{view.PromptTokens} > {tokens}");
        Assert.NotEmpty(view.Omitted);
    }

    [Fact]
    public async Task ByTokens_CallBudgetSmaller_UsesTheCallBudget()
    {
        var history = ConversationFixture.Chat(6);
        history.Add(HistoryMessage.User("More?"));

        var view = await SlidingWindowStrategy.ByTokens(400).SelectAsync(history, 150, fixture.Counter, CancellationToken.None);

        Assert.Equal(150, view.TokenBudget);
        Assert.True(view.Fits);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public void Factories_NonPositiveSize_Throw(int size)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindowStrategy.ByTurns(size));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindowStrategy.ByTokens(size));
    }

    [Fact]
    public async Task ByTurns_NewestTurnEndsWithParallelToolCalls_KeepsTheTurnWhole()
    {
        var history = ConversationFixture.Chat(2);
        history.Add(HistoryMessage.User("Weather in two towns?"));
        history.Add(HistoryMessage.AssistantToolCalls(new ToolCall("a", "get_weather", "{}"), new ToolCall("b", "get_weather", "{}")));
        history.Add(HistoryMessage.Tool("a", "sunny"));
        history.Add(HistoryMessage.Tool("b", "rain"));

        var view = await SlidingWindowStrategy.ByTurns(1).SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        Assert.Equal(history.Skip(5), view.Messages.Skip(1));
    }
}
