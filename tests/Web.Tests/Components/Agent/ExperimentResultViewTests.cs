using Bunit;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>The experiment chart and tables, and the Wilson intervals they draw.</summary>
public sealed class ExperimentResultViewTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    [Theory]
    [InlineData(0, 10, 0.0, 0.2775)] // Wilson score interval, 95 %: 0/10 → [0, 0.2775] (Newcombe 1998, table I)
    [InlineData(5, 10, 0.2366, 0.7634)]
    [InlineData(10, 10, 0.7225, 1.0)]
    public void FromCounts_KnownCases_GivesTheWilsonInterval(int passed, int runs, double low, double high)
    {
        var arm = ExperimentArmSummary.FromCounts("a", passed, runs);

        Assert.Equal(low, arm.Low, 4);
        Assert.Equal(high, arm.High, 4);
    }

    [Fact]
    public void FromCounts_BadCounts_Throw()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentArmSummary.FromCounts("a", 3, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => ExperimentArmSummary.FromCounts("a", -1, 2));
        var none = ExperimentArmSummary.FromCounts("a", 0, 0);
        Assert.Equal((0.0, 1.0), (none.Low, none.High));
    }

    [Fact]
    public void LectureReference_IsTenFifteenSeventeenOf45()
    {
        var arms = ExperimentResultView.LectureReference.Arms;

        Assert.Equal(["22.2 %", "33.3 %", "37.8 %"], arms.Select(a => (a.PassRate * 100).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture) + " %"));
        Assert.All(arms, a => Assert.Equal(45, a.Runs));
    }

    [Fact]
    public void Render_Result_DrawsBothChartsTheTaskTableAndWhatDiffers()
    {
        var result = new ExperimentSummary("This experiment", "scripted / scripted-coder", 2, "2 tasks of lab 08", 3,
            [ExperimentArmSummary.FromCounts("verify off", 1, 6, 1200, 4.5), ExperimentArmSummary.FromCounts("verify on", 5, 6, 1500, 5)],
            [new ExperimentTaskRow("fix-add", "Python", [1, 3], 3), new ExperimentTaskRow("fix-max", "C#", [0, 2], 3)]);

        var cut = _ctx.Render<ExperimentResultView>(p => p.Add(c => c.Result, result));

        Assert.Equal(2, cut.FindAll("figure svg[role='img']").Count);
        var bars = cut.FindAll("figure")[0].QuerySelectorAll("rect");
        Assert.Equal(2, bars.Length);
        Assert.True(double.Parse(bars[1].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture)
            > double.Parse(bars[0].GetAttribute("height")!, System.Globalization.CultureInfo.InvariantCulture));
        var on = cut.Find("[aria-label='Arm verify on']").QuerySelectorAll("td").Select(td => td.TextContent).ToList();
        Assert.Equal("83.3 %", on[1]);
        Assert.Equal("5 / 6", on[3]);
        Assert.Equal("1,500", on[4]);
        Assert.Equal(["fix-add", "Python", "1 / 3", "3 / 3"], cut.Find("[aria-label='Task fix-add']").QuerySelectorAll("td").Select(td => td.TextContent));
        var differs = cut.FindAll("[aria-label='What differs from the reference'] li").Select(li => li.TextContent).ToList();
        Assert.Contains(differs, d => d.StartsWith("Model: scripted / scripted-coder here", StringComparison.Ordinal));
        Assert.Contains(differs, d => d.Contains("2 (2 tasks of lab 08) here; 45", StringComparison.Ordinal));
        Assert.Contains(differs, d => d.StartsWith("N: 3 seeds per task and arm here (6 runs an arm); 1 seed", StringComparison.Ordinal));
        Assert.Contains("verify on 83.3 %", cut.FindAll("svg")[0].GetAttribute("aria-label"));
    }

    [Fact]
    public void Render_NoResult_ShowsOnlyTheReference()
    {
        var cut = _ctx.Render<ExperimentResultView>();

        Assert.Single(cut.FindAll("figure"));
        Assert.Equal(3, cut.FindAll("figure rect").Count);
        Assert.NotNull(cut.Find("[aria-label='No result']"));
    }

    public void Dispose() => _ctx.Dispose();
}
