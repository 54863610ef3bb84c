using Bunit;
using Workbench.Web.Components.Widgets.History;

namespace Workbench.Web.Tests.Components.History;

/// <summary>The forgetting demo on the real engine: which strategies still send the fact when it is asked for.</summary>
[Collection(EngineCollection.Name)]
public sealed class ForgettingDemoTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Run_WindowOfOneTurn_ForgetsTheFactThatKeepAllStillSends()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<ForgettingDemo>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["filler_turns"] = "2", ["max_tokens"] = "6", ["window_turns"] = "1", ["threshold"] = "100",
        }));

        cut.Find("button[aria-label='Run demo']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Done", cut.Find("[aria-label='Demo state']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("[role=alert]"));
        Assert.Equal(5, cut.FindAll("table[aria-label='Forgetting results'] tbody tr").Count);
        Assert.Equal("yes", FactCell(cut, "keep-all"));
        Assert.Equal("yes", FactCell(cut, "drop-oldest"));
        Assert.Equal("no: forgotten", FactCell(cut, "sliding-window-turns"));
        Assert.Contains("My cat is called Tom.", cut.Find("[aria-label='Demo conversation']").TextContent);
        Assert.Equal(1 + 2 * 3 + 1, cut.Find("[aria-label='Demo conversation']").TextContent.Split('\n').Count(l => l.StartsWith("user: ") || l.StartsWith("assistant: ") || l.StartsWith("system: ")));
    }

    /// <summary>Issue 10, finding 16: with a conversation longer than the window, summarizing it all at the end
    /// overflowed the summarizing call, so the demo stopped ("Done" beside a red context_length_exceeded) without a
    /// summarize row. Summarize now follows the conversation and compacts as it goes; an over-long prompt (keep-all)
    /// is that row's answer.</summary>
    [Fact]
    public void Run_ConversationLongerThanTheWindow_EveryStrategyHasItsRow()
    {
        using var ctx = UiTestContext.CreateForWidgets(fixture);
        var cut = ctx.Render<ForgettingDemo>(p => p.Add(c => c.Options, new Dictionary<string, string>
        {
            ["filler_turns"] = "16", ["max_tokens"] = "24",
        }));

        cut.Find("button[aria-label='Run demo']").Click();

        cut.WaitForAssertion(() => Assert.Equal("Done", cut.Find("[aria-label='Demo state']").TextContent), TimeSpan.FromSeconds(120));
        Assert.Empty(cut.FindAll("[role=alert]"));
        Assert.Equal(5, cut.FindAll("table[aria-label='Forgetting results'] tbody tr").Count);
        Assert.StartsWith("context_length_exceeded", AnswerCell(cut, "keep-all"));
        var summarize = AnswerCell(cut, "summarize");
        Assert.NotEmpty(summarize);
        Assert.DoesNotContain("context_length_exceeded", summarize);
        Assert.NotEqual("yes", FactCell(cut, "summarize")); // the fact's turn was compacted into the summary
    }

    private static string AnswerCell(IRenderedComponent<ForgettingDemo> cut, string strategy) =>
        cut.Find($"tr[aria-label='{strategy}'] td[aria-label='Answer']").TextContent.Trim();

    private static string FactCell(IRenderedComponent<ForgettingDemo> cut, string strategy) =>
        cut.Find($"tr[aria-label='{strategy}'] td[aria-label='Fact in the prompt']").TextContent.Trim();
}
