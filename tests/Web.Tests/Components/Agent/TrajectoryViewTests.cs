using Bunit;
using Workbench.Lab.Agent;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>The trajectory viewer on run records shaped like the agent service's.</summary>
public sealed class TrajectoryViewTests : IDisposable
{
    private readonly BunitContext _ctx = new();

    [Fact]
    public void Render_FinishedRun_MarksRollbackRefusalEditNudgeCompactionAndTests()
    {
        var cut = _ctx.Render<TrajectoryView>(p => p.Add(c => c.Record, AgentRunSamples.Finished()));

        var steps = cut.FindAll("[aria-label='Steps'] > li");
        Assert.Equal(6, steps.Count);
        string State(int step) => steps[step - 1].QuerySelector("[aria-label='Result state']")!.TextContent;
        Assert.Equal("rolled back", State(2));
        Assert.Contains(AgentRunSamples.SyntaxError, steps[1].QuerySelector("[aria-label='Syntax error']")!.TextContent);
        Assert.Equal("refused", State(3));
        Assert.Contains("occurs 2 times", steps[2].QuerySelector("[aria-label='Result']")!.TextContent);
        Assert.Equal("edited", State(4));
        Assert.Null(steps[0].QuerySelector("[aria-label='Result state']"));
        Assert.Equal(AgentRunSamples.Nudge, steps[3].QuerySelector("[aria-label='Nudge'] pre")!.TextContent);
        Assert.Empty(steps[2].QuerySelectorAll("[aria-label='Nudge']"));
        Assert.Contains("tests pass", steps[5].QuerySelector("[aria-label='Compaction'] pre")!.TextContent);
        Assert.Equal("120 in · 14 out", steps[0].QuerySelector("[aria-label='Step tokens']")!.TextContent);
        Assert.Equal("1.2 s", steps[4].QuerySelector("[aria-label='Step time']")!.TextContent);
        Assert.Equal("tests passed", cut.Find("[aria-label='Tests verdict']").TextContent);
        Assert.Equal("python3 -m pytest -q", cut.Find("[aria-label='Test command']").TextContent);
        Assert.Contains("1 passed", cut.Find("[aria-label='Test output']").TextContent);
        Assert.Contains("Fixed add", cut.Find("[aria-label='Final answer'] pre").TextContent);
        Assert.Contains("final answer", cut.Find("[aria-label='Stop reason']").TextContent);
    }

    [Fact]
    public void Render_Arguments_ArePrettyPrintedJson()
    {
        var cut = _ctx.Render<TrajectoryView>(p => p.Add(c => c.Record, AgentRunSamples.Finished()));

        var args = cut.FindAll("[aria-label='Steps'] > li")[0].QuerySelector("[aria-label='Arguments']")!.TextContent;
        Assert.Equal("{\n  \"path\": \"calc.py\"\n}", args.Replace("\r\n", "\n"));
    }

    [Fact]
    public void ShowDiff_OnAnEdit_RaisesItsEditIndex()
    {
        int? shown = null;
        var cut = _ctx.Render<TrajectoryView>(p => p.Add(c => c.Record, AgentRunSamples.Finished()).Add(c => c.ShowDiff, i => shown = i));

        var buttons = cut.FindAll("button.wb-agent-show-diff");
        Assert.Equal(3, buttons.Count); // the rolled-back, the kept edit and the new file; not the refused one (no edit)
        buttons[1].Click();
        Assert.Equal(1, shown);
        Assert.Contains("calc.py", buttons[1].GetAttribute("aria-label"));
    }

    [Fact]
    public void SetParameters_NewerRecord_GrowsTheTrajectory()
    {
        var cut = _ctx.Render<TrajectoryView>(p => p.Add(c => c.Record, AgentRunSamples.Running(0)));
        Assert.Empty(cut.FindAll("[aria-label='Steps'] > li"));
        Assert.Contains("Waiting", cut.Find("[aria-label='No steps yet']").TextContent);

        cut.Render(p => p.Add(c => c.Record, AgentRunSamples.Running(2)));
        Assert.Equal(2, cut.FindAll("[aria-label='Steps'] > li").Count);
        Assert.Empty(cut.FindAll("[aria-label='Hidden tests']"));

        cut.Render(p => p.Add(c => c.Record, AgentRunSamples.Finished()));
        Assert.Equal(6, cut.FindAll("[aria-label='Steps'] > li").Count);
    }

    [Fact]
    public void Render_HostileModelText_IsShownAsTextAndNonJsonArgumentsVerbatim()
    {
        var hostile = AgentRunSamples.Running(1) with
        {
            Steps =
            [
                new AgentStep(1, "<script>alert(1)</script><img src=x onerror=alert(2)>", "", [new Engine.Conversation.ToolCall("x", "bash", "{not json")],
                    [new AgentToolResult("x", "bash", "<b>bold</b>", true, 1)], null, null, 5),
            ],
            Error = "backend 'scripted' at http://127.0.0.1:1/v1/: the reply is not an OpenAI chat completion",
        };

        var cut = _ctx.Render<TrajectoryView>(p => p.Add(c => c.Record, hostile));

        Assert.Empty(cut.FindAll("script"));
        Assert.Empty(cut.FindAll("img"));
        Assert.Contains("<script>alert(1)</script>", cut.Find("[aria-label='Raw model text']").TextContent);
        Assert.Equal("{not json", cut.Find("[aria-label='Arguments']").TextContent);
        Assert.Equal("error", cut.Find("[aria-label='Result state']").TextContent);
        Assert.Equal("? in · ? out", cut.Find("[aria-label='Step tokens']").TextContent);
        Assert.Contains("not an OpenAI chat completion", cut.Find("[role='alert']").TextContent);
    }

    public void Dispose() => _ctx.Dispose();
}
