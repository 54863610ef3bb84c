using Bunit;
using Workbench.Lab.Agent;
using Workbench.Web.Components.Widgets.Agent;

namespace Workbench.Web.Tests.Components.Agent;

/// <summary>The workspace view: the rebuilt files, the tree, and what it asks Monaco (agent-monaco.js) to show.</summary>
public sealed class AgentWorkspaceViewTests : IDisposable
{
    private readonly BunitContext _ctx = new();
    private readonly BunitJSModuleInterop _module;

    public AgentWorkspaceViewTests()
    {
        _module = _ctx.JSInterop.SetupModule(AgentWorkspaceView.ModulePath);
        _module.Setup<bool>("showFile", _ => true).SetResult(true);
        _module.Setup<bool>("showDiff", _ => true).SetResult(true);
        _module.SetupVoid("dispose", _ => true);
    }

    [Fact]
    public void Build_KeptEditsApplyRolledBackDoNot_NewFilesAreMarked()
    {
        var files = WorkspaceFile.Build(AgentRunSamples.TaskFiles, AgentRunSamples.Finished().Edits);

        Assert.Equal(["calc.py", "notes.txt", "task.md", "tests/test_calc.py"], files.Select(f => f.Path));
        var calc = files[0];
        Assert.Equal(AgentRunSamples.Fixed, calc.Current);
        Assert.Equal(AgentRunSamples.Original, calc.Original);
        Assert.True(calc.Changed);
        Assert.Equal([0, 1], calc.Edits);
        Assert.True(files[1].IsNew);
        Assert.False(files[3].Changed);
    }

    [Fact]
    public void Build_OnlyRolledBackEdit_LeavesTheOriginal()
    {
        var edits = AgentRunSamples.Finished().Edits.Take(1).ToList();

        var calc = WorkspaceFile.Build(AgentRunSamples.TaskFiles, edits).Single(f => f.Path == "calc.py");

        Assert.Equal(AgentRunSamples.Original, calc.Current);
        Assert.False(calc.Changed);
    }

    [Fact]
    public void Render_Tree_ListsFilesWithChangedAndNewMarks_SelectsTheChangedFile()
    {
        var cut = Render(null);

        var buttons = cut.FindAll("nav[aria-label='Workspace files'] button");
        Assert.Equal(4, buttons.Count);
        Assert.Equal("true", buttons[0].GetAttribute("aria-pressed"));
        Assert.Contains("changed", buttons[0].TextContent);
        Assert.Contains("new", buttons[1].TextContent);
        Assert.Equal("calc.py", cut.Find("[aria-label='Editor file']").TextContent);
        var file = _module.Invocations["showFile"].Last();
        Assert.Equal(AgentRunSamples.Fixed, file.Arguments[1]);
        Assert.Equal("python", file.Arguments[2]);
        var diff = _module.Invocations["showDiff"].Last();
        Assert.Equal(AgentRunSamples.Original, diff.Arguments[1]);
        Assert.Equal(AgentRunSamples.Fixed, diff.Arguments[2]);
    }

    [Fact]
    public void SelectedEdit_RolledBackEdit_ShowsItsBeforeAndAfterWithTheSyntaxError()
    {
        var cut = Render(0);

        var diff = _module.Invocations["showDiff"].Last();
        Assert.Equal(AgentRunSamples.Original, diff.Arguments[1]);
        Assert.Equal(AgentRunSamples.Broken, diff.Arguments[2]);
        Assert.Contains("rolled back (" + AgentRunSamples.SyntaxError + ")", cut.Find("[aria-label='Diff caption']").TextContent);
    }

    [Fact]
    public void PickFileAndEdit_SwitchesEditorAndDiff_AndReportsTheEdit()
    {
        int? reported = -1;
        var cut = Render(null, i => reported = i);

        cut.Find("[aria-label='File task.md']").Click();
        Assert.Equal("markdown", _module.Invocations["showFile"].Last().Arguments[2]);
        Assert.Equal("task.md", cut.Find("[aria-label='Editor file']").TextContent);

        cut.Find("select[aria-label='Diff of']").Change("2");
        Assert.Equal(2, reported);
        Assert.Equal("notes.txt", cut.Find("[aria-label='Editor file']").TextContent);
        var diff = _module.Invocations["showDiff"].Last();
        Assert.Equal("", diff.Arguments[1]);
        Assert.Equal("add fixed\n", diff.Arguments[2]);
    }

    [Fact]
    public void Rerender_SameState_DoesNotResendTheTexts()
    {
        var cut = Render(null);
        var files = _module.Invocations["showFile"].Count;
        var diffs = _module.Invocations["showDiff"].Count;

        cut.Render(p => p.Add(c => c.Record, AgentRunSamples.Finished()).Add(c => c.Original, AgentRunSamples.TaskFiles));

        Assert.Equal(files, _module.Invocations["showFile"].Count);
        Assert.Equal(diffs, _module.Invocations["showDiff"].Count);
    }

    private IRenderedComponent<AgentWorkspaceView> Render(int? edit, Action<int?>? changed = null) => _ctx.Render<AgentWorkspaceView>(p => p
        .Add(c => c.Record, AgentRunSamples.Finished())
        .Add(c => c.Original, AgentRunSamples.TaskFiles)
        .Add(c => c.SelectedEdit, edit)
        .Add(c => c.SelectedEditChanged, changed ?? (_ => { })));

    public void Dispose() => _ctx.Dispose();
}
