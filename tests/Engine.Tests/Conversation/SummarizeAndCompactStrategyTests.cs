using Workbench.Engine.Conversation;

namespace Workbench.Engine.Tests.Conversation;

/// <summary>Summarize-and-compact: threshold, manual compaction, the summary card, the full history kept.</summary>
[Collection(ConversationCollection.Name)]
public sealed class SummarizeAndCompactStrategyTests(ConversationFixture fixture)
{
    [Fact]
    public async Task SelectAsync_BelowThreshold_SendsEverythingWithoutSummarizing()
    {
        var summarizer = new RecordingSummarizer();
        var strategy = new SummarizeAndCompactStrategy(summarizer, thresholdPercent: 90);
        var history = ConversationFixture.Chat(1);
        history.Add(HistoryMessage.User("Next?"));

        var view = await strategy.SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);

        Assert.Equal(history, view.Messages);
        Assert.Empty(summarizer.Calls);
        Assert.Null(strategy.Summary);
    }

    [Fact]
    public async Task SelectAsync_AtThreshold_ReplacesOlderTurnsWithASummaryCard()
    {
        var summarizer = new RecordingSummarizer();
        var strategy = new SummarizeAndCompactStrategy(summarizer, thresholdPercent: 50, keepRecentTurns: 2);
        var history = ConversationFixture.ToolChat(4);
        history.Add(HistoryMessage.User("And town 5?"));
        var copy = history.ToList();
        var budget = await fixture.Counter.CountAsync(history, CancellationToken.None);

        var view = await strategy.SelectAsync(history, budget, fixture.Counter, CancellationToken.None);

        var call = Assert.Single(summarizer.Calls);
        Assert.Null(call.Previous);
        Assert.Equal(history.Skip(1).Take(12), call.Messages); // turns 1–3; turn 4 and the open turn 5 stay verbatim
        Assert.Equal(history[0], view.Messages[0]);
        Assert.True(view.Messages[1].IsSummary);
        Assert.Contains("summary 1", view.Messages[1].Content);
        Assert.Equal(history.Skip(13), view.Messages.Skip(2));
        Assert.Equal(call.Messages, view.Omitted);
        HistoryAssert.Invariants(history, view);
        Assert.Equal(copy, history); // the full history is untouched
        Assert.True(view.PromptTokens < budget);
    }

    [Fact]
    public async Task CompactAsync_Twice_FoldsThePreviousSummaryIn()
    {
        var summarizer = new RecordingSummarizer();
        var strategy = new SummarizeAndCompactStrategy(summarizer, thresholdPercent: 100);
        var history = ConversationFixture.Chat(2);
        history.Add(HistoryMessage.User("Third?"));
        Assert.True(await strategy.CompactAsync(history, CancellationToken.None));
        history.Add(HistoryMessage.Assistant("A third cat."));
        history.Add(HistoryMessage.User("Fourth?"));

        Assert.True(await strategy.CompactAsync(history, CancellationToken.None));

        Assert.Equal(2, summarizer.Calls.Count);
        Assert.Equal("summary 1", summarizer.Calls[1].Previous);
        Assert.Equal(history.Skip(5).Take(2), summarizer.Calls[1].Messages);
        Assert.Equal(history.Count - 1, strategy.CoveredUntil);
        Assert.Equal(2, strategy.Compactions);
        var view = await strategy.SelectAsync(history, ConversationFixture.ContextSize, fixture.Counter, CancellationToken.None);
        Assert.Equal([history[0], strategy.Card!, history[^1]], view.Messages);
    }

    [Fact]
    public async Task CompactAsync_OnlyTheCurrentTurn_ReturnsFalse()
    {
        var summarizer = new RecordingSummarizer();
        var strategy = new SummarizeAndCompactStrategy(summarizer);
        List<HistoryMessage> history = [HistoryMessage.System("Be kind."), HistoryMessage.User("Hello")];

        Assert.False(await strategy.CompactAsync(history, CancellationToken.None));
        Assert.Empty(summarizer.Calls);
    }

    [Fact]
    public async Task SelectAsync_StillOverBudgetAfterCompacting_DropsTheOldestUncompacted()
    {
        var strategy = new SummarizeAndCompactStrategy(new RecordingSummarizer(), keepRecentTurns: 3);
        var history = ConversationFixture.Chat(4);
        history.Add(HistoryMessage.User("Again?"));

        var view = await strategy.SelectAsync(history, 150, fixture.Counter, CancellationToken.None);

        Assert.True(view.Fits, $"{view.PromptTokens} > 150");
        Assert.True(view.Messages[1].IsSummary);
        HistoryAssert.Invariants(history, view);
    }

    [Fact]
    public async Task EngineHistorySummarizer_RealModel_WritesASummaryWithinItsTokenLimit()
    {
        var summarizer = new EngineHistorySummarizer(fixture.Engine, maxTokens: 24);
        var history = ConversationFixture.Chat(2);

        var summary = await summarizer.SummarizeAsync("Earlier, a dog barked.", history.Skip(1).ToList(), CancellationToken.None);

        Assert.False(string.IsNullOrWhiteSpace(summary));
        var tokens = await fixture.Engine.TokenizeAsync(summary, addSpecial: false, parseSpecial: false, CancellationToken.None);
        Assert.InRange(tokens.Count, 1, 24 + 2); // re-tokenizing detokenized text may merge or split at the edges
        var prompt = EngineHistorySummarizer.BuildPrompt("Earlier, a dog barked.", history.Skip(1).ToList());
        Assert.StartsWith("Earlier summary: Earlier, a dog barked.", prompt[1].Content);
        Assert.Contains("assistant: Once upon a time, cat number 2", prompt[1].Content);
    }

    [Fact]
    public async Task SelectAsync_HistoryThatDoesNotContinueTheSummarizedOne_ForgetsTheSummary()
    {
        var strategy = new SummarizeAndCompactStrategy(new RecordingSummarizer(), thresholdPercent: 100);
        var first = ConversationFixture.Chat(3);
        first.Add(HistoryMessage.User("Fourth?"));
        Assert.True(await strategy.CompactAsync(first, CancellationToken.None));
        Assert.Equal(7, strategy.CoveredUntil);
        var other = ConversationFixture.ToolChat(2); // message 7 is a tool result: the summary would hide its call
        other.Add(HistoryMessage.User("And town 3?"));

        var view = await strategy.SelectAsync(other, 4096, fixture.Counter, CancellationToken.None);

        HistoryAssert.Invariants(other, view);
        Assert.Null(strategy.Summary);
        Assert.Equal(other, view.Messages);
    }
}
