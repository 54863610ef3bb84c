using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>Drop-oldest on the real tokenizer: budgets, the system prompt, tool-call pairs, an over-long message.</summary>
[Collection(ConversationCollection.Name)]
public sealed class DropOldestStrategyTests(ConversationFixture fixture)
{
    private readonly DropOldestStrategy _strategy = new();

    [Fact]
    public async Task SelectAsync_HistoryFits_SendsEverything()
    {
        var history = ConversationFixture.Chat(2);
        history.Add(HistoryMessage.User("And then?"));

        var view = await _strategy.SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        Assert.Equal(history, view.Messages);
        Assert.Empty(view.Omitted);
        Assert.True(view.Fits);
        Assert.Equal(await fixture.Counter.CountAsync(history, CancellationToken.None), view.PromptTokens);
    }

    [Theory]
    [InlineData(120)]
    [InlineData(200)]
    [InlineData(300)]
    public async Task SelectAsync_OverBudget_KeepsTheSystemPromptAndTheNewestThatFit(int budget)
    {
        var history = ConversationFixture.Chat(8);
        history.Add(HistoryMessage.User("What was the first cat called?"));
        Assert.True(await fixture.Counter.CountAsync(history, CancellationToken.None) > budget);

        var view = await _strategy.SelectAsync(history, budget, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        Assert.True(view.Fits, $"{view.PromptTokens} > {budget}");
        Assert.Equal(await fixture.Counter.CountAsync(view.Messages, CancellationToken.None), view.PromptTokens);
        Assert.NotEmpty(view.Omitted);
        // The window is as large as possible: the newest omitted message would not have fitted.
        var withNext = view.Messages.Take(1).Append(view.Omitted[^1]).Concat(view.Messages.Skip(1)).ToList();
        Assert.True(await fixture.Counter.CountAsync(withNext, CancellationToken.None) > budget);
        // And it is the newest part of the history.
        Assert.Equal(history.Skip(history.Count - (view.Messages.Count - 1)), view.Messages.Skip(1));
    }

    [Fact]
    public async Task SelectAsync_ToolCallsAtEveryCut_NeverSeparatesACallFromItsResult()
    {
        var history = ConversationFixture.ToolChat(4);
        history.Add(HistoryMessage.User("And in town 5?"));
        var full = await fixture.Counter.CountAsync(history, CancellationToken.None);

        for (var budget = 60; budget < full; budget += 13)
        {
            var view = await _strategy.SelectAsync(history, budget, fixture.Counter, CancellationToken.None);
            HistoryAssert.Invariants(history, view);
            Assert.DoesNotContain(view.Messages.Skip(1), m => m.Role == HistoryMessage.ToolRole && view.Messages.All(c => c.ToolCalls.All(t => t.Id != m.ToolCallId)));
        }
    }

    [Fact]
    public async Task SelectAsync_OverlongNewestMessage_SendsItAloneAndSaysItDoesNotFit()
    {
        var history = ConversationFixture.Chat(3);
        var longText = string.Join(' ', Enumerable.Repeat("The cat sat on the warm mat and purred.", 40));
        history.Add(HistoryMessage.User(longText));

        var view = await _strategy.SelectAsync(history, 256, fixture.Counter, CancellationToken.None);

        Assert.False(view.Fits);
        Assert.Equal([history[0], history[^1]], view.Messages);
        Assert.Equal(longText, view.Messages[^1].Content);
        Assert.Equal(history.Count - 2, view.Omitted.Count);
    }

    [Fact]
    public async Task SelectAsync_BudgetSmallerThanTheSystemPrompt_SendsItWithTheNewestAndSaysItDoesNotFit()
    {
        var history = ConversationFixture.Chat(2, system: string.Join(' ', Enumerable.Repeat("Be kind to cats.", 30)));
        history.Add(HistoryMessage.User("Hi"));
        Assert.True(await fixture.Counter.CountAsync([history[0]], CancellationToken.None) > 60);

        var view = await _strategy.SelectAsync(history, 60, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(history, view);
        Assert.False(view.Fits);
        Assert.Equal([history[0], history[^1]], view.Messages);
    }
}
