using System.Globalization;
using Bunit;
using Workbench.Web.Components.Widgets.History;

namespace Workbench.Web.Tests.Components.History;

/// <summary>The strategy comparison on the real engine: every strategy's view per turn, its cost, and compaction.</summary>
[Collection(EngineCollection.Name)]
public sealed class HistoryStrategiesTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Send_ThreeTurns_ShowsEachStrategysViewAndItsGrowingCost()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<HistoryStrategies>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "6", ["window_turns"] = "1" }));

        var previous = 0L;
        foreach (var text in new[] { "Tell me about a cat.", "What did the cat eat?", "Where did it sleep?" })
        {
            Send(cut, text);
            var cumulative = Cell(cut, "keep-all", "Cumulative");
            Assert.True(cumulative > previous, $"keep-all cumulative {cumulative} after {previous}");
            previous = cumulative;
        }

        Assert.Equal(5, cut.FindAll("table[aria-label='Strategies'] tbody tr").Count);
        Assert.Equal(6, Cell(cut, "keep-all", "Sent")); // system + 2 turns + the new question
        Assert.Equal(2, Cell(cut, "sliding-window-turns", "Sent")); // system + the new question
        Assert.Equal(4, Cell(cut, "sliding-window-turns", "Left out"));
        Assert.True(Cell(cut, "sliding-window-turns", "Cumulative") < Cell(cut, "keep-all", "Cumulative"));
        Assert.Equal(7, cut.FindAll("li[aria-label='History message']").Count); // the full history is kept
        Assert.Contains(cut.FindAll("li[aria-label='History message'] [aria-label='Left out by']"), e => e.TextContent.Contains("sliding-window-turns"));
        Assert.NotNull(cut.Find("figure[aria-label='Cost chart']"));
    }

    [Fact]
    public void CompactNow_AfterTwoTurns_ShowsASummaryCardAndKeepsTheFullHistory()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<HistoryStrategies>(p => p.Add(c => c.Options, new Dictionary<string, string> { ["max_tokens"] = "6" }));
        Send(cut, "Tell me about a dog.");
        Send(cut, "What was its name?");

        cut.Find("button[aria-label='Compact now']").Click();

        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Strategies state']").TextContent);
            Assert.NotNull(cut.Find("[aria-label='Summary card']"));
        }, Timeout);
        Assert.Contains("1 compaction", cut.Find("[aria-label='Summary card']").TextContent);
        Assert.Equal(5, cut.FindAll("li[aria-label='History message']").Count);

        Send(cut, "And then?");
        Assert.Contains("summary card", cut.Find("tr[aria-label='summarize'] [aria-label='Messages sent']").TextContent);
        Assert.Equal(5, Cell(cut, "summarize", "Sent")); // system, summary card, turn 2 (kept verbatim), the new question
    }

    private static long Cell(IRenderedComponent<HistoryStrategies> cut, string strategy, string column) =>
        long.Parse(cut.Find($"tr[aria-label='{strategy}'] td[aria-label='{column}']").TextContent, CultureInfo.InvariantCulture);

    private static void Send(IRenderedComponent<HistoryStrategies> cut, string text)
    {
        var expected = cut.FindAll("li[aria-label='History message']").Count + 2;
        cut.Find("form[aria-label='Compose'] input").Input(text);
        cut.Find("form[aria-label='Compose']").Submit();
        cut.WaitForAssertion(() =>
        {
            Assert.Equal("Idle", cut.Find("[aria-label='Strategies state']").TextContent);
            Assert.Equal(expected, cut.FindAll("li[aria-label='History message']").Count);
        }, Timeout);
    }
}
