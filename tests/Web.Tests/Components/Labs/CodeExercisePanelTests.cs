using System.Text.Json;
using Bunit;
using Workbench.Lab.Content;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Lab 01's code exercise panel: Check compiles with the real Roslyn compiler and marks the editor;
/// Submit goes through the real pipeline and grader. Monaco is the browser's part: its JavaScript calls are
/// answered by bunit (the text the student typed) and recorded (the markers set).</summary>
[Collection(EngineCollection.Name)]
public sealed class CodeExercisePanelTests(EngineFixture fixture)
{
    private const string Broken = """
        public static class Solution
        {
            public static int Answer() => undefinedName;
        }
        """;

    // Where Roslyn reports CS0103 in Broken: line 3, the identifier's 1-based start and exclusive end columns.
    private static readonly int Column = Broken.Split('\n')[2].IndexOf("undefinedName", StringComparison.Ordinal) + 1;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Check_CompileError_ListsTheDiagnosticAndMarksTheEditor()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var module = lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        var markers = module.Setup<int>("setMarkers", _ => true);
        markers.SetResult(1);
        lab.Context.JSInterop.Setup<string>("blazorMonaco.editor.getValue", _ => true).SetResult(Broken);
        var cut = Render(lab);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Check']").Click());

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[aria-label='Compile check'] li")), Timeout);
        var item = cut.Find("[aria-label='Compile check'] li.wb-diag-error");
        Assert.Equal($"Solution.cs:3:{Column}", item.QuerySelector("code")!.TextContent);
        Assert.Equal("CS0103", item.QuerySelector(".wb-diag-code")!.TextContent);
        Assert.Contains("undefinedName", item.QuerySelector(".wb-diag-message")!.TextContent);
        Assert.Equal("1 compile error.", cut.Find("[aria-label='Check result']").TextContent);
        Assert.Equal("1", cut.Find("[role=tab] .wb-tab-errors").TextContent);

        var call = markers.Invocations.Last();
        var sent = JsonSerializer.SerializeToElement(call.Arguments[1]);
        var marker = Assert.Single(sent.EnumerateArray());
        Assert.Equal(3, marker.GetProperty("line").GetInt32());
        Assert.Equal(Column, marker.GetProperty("column").GetInt32());
        Assert.Equal(3, marker.GetProperty("endLine").GetInt32());
        Assert.Equal(Column + "undefinedName".Length, marker.GetProperty("endColumn").GetInt32());
        Assert.Equal("error", marker.GetProperty("severity").GetString());
        Assert.Equal("CS0103", marker.GetProperty("code").GetString());
    }

    [Fact]
    public async Task Check_TheReferenceSolution_CompilesAndClearsTheMarkers()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var exercise = Exercise(lab);
        var reference = await File.ReadAllTextAsync(Path.Combine(exercise.SolutionDirectoryPath!, "Solution.cs"));
        var module = lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        var markers = module.Setup<int>("setMarkers", _ => true);
        markers.SetResult(0);
        lab.Context.JSInterop.Setup<string>("blazorMonaco.editor.getValue", _ => true).SetResult(reference);
        var cut = Render(lab);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Check']").Click());

        cut.WaitForAssertion(() => Assert.StartsWith("Compiles", cut.Find("[aria-label='Check result']").TextContent), Timeout);
        Assert.Empty(cut.FindAll("[aria-label='Compile check']"));
        Assert.Empty(JsonSerializer.SerializeToElement(markers.Invocations.Last().Arguments[1]).EnumerateArray());
    }

    [Fact]
    public async Task Submit_CodeThatDoesNotCompile_ShowsTheGradedCompileErrorLive()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var module = lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        var markers = module.Setup<int>("setMarkers", _ => true);
        markers.SetResult(1);
        lab.Context.JSInterop.Setup<string>("blazorMonaco.editor.getValue", _ => true).SetResult(Broken);
        var cut = Render(lab);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Submit']").Click());

        cut.WaitForAssertion(() => Assert.Contains("wb-outcome-compileerror", cut.Find(".wb-results-head").ClassList), TimeSpan.FromSeconds(60));
        Assert.Equal($"0 / {Exercise(lab).MaxScore}", cut.Find("[aria-label='Score']").TextContent.Trim());
        Assert.Equal("attempt 1", cut.Find("[aria-label='Attempt']").TextContent);
        Assert.Equal($"Solution.cs:3:{Column}", cut.Find("[aria-label='Compiler output'] li.wb-diag-error code").TextContent);
        cut.WaitForAssertion(() => Assert.NotEmpty(markers.Invocations), TimeSpan.FromSeconds(30)); // the graded errors are marked in the editor too
        var stored = Assert.Single(await lab.Store.ListSubmissionsAsync(lab.User.UserId, "01-chat-completions", "chat-request", CancellationToken.None));
        Assert.Equal(Broken, stored.Payload.Files["Solution.cs"]);
    }

    [Fact]
    public async Task ResetToStarter_AsksFirst_ThenPutsTheStarterBackAndForgetsTheDraft()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var module = lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        var clear = module.SetupVoid("clearDraft", _ => true);
        clear.SetVoidResult();
        var setValue = lab.Context.JSInterop.SetupVoid("blazorMonaco.editor.setValue", _ => true);
        setValue.SetVoidResult();
        var cut = Render(lab);
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".monaco-editor-container")), TimeSpan.FromSeconds(30));

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Reset to starter']").Click());
        // It asks first (issue 10, finding 14): nothing is thrown away until the student confirms.
        Assert.Contains("Replace your code with the starter?", cut.Find("[role=alertdialog][aria-label='Reset to starter?']").TextContent);
        Assert.Empty(clear.Invocations);
        Assert.Empty(setValue.Invocations);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Keep my code']").Click());
        Assert.Empty(cut.FindAll("[role=alertdialog]"));
        Assert.Empty(setValue.Invocations);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Reset to starter']").Click());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Discard my code']").Click());

        Assert.Empty(cut.FindAll("[role=alertdialog]"));
        var key = $"wb-draft/{lab.User.UserId}/01-chat-completions/chat-request/Solution.cs";
        Assert.Equal(key, clear.Invocations.Single().Arguments[0]);
        Assert.Equal(Exercise(lab).StarterFiles.Single().Content, setValue.Invocations.Single().Arguments[1]);
    }

    [Fact]
    public async Task Render_AttachesADraftPerUserAndFile()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var module = lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        var attach = module.Setup<bool>("attachDraft", _ => true);
        attach.SetResult(false);
        var cut = Render(lab);

        cut.WaitForAssertion(() => Assert.Single(attach.Invocations), TimeSpan.FromSeconds(30));
        Assert.Equal(cut.Find(".monaco-editor-container").Id, attach.Invocations.Single().Arguments[0]);
        Assert.Equal($"wb-draft/{lab.User.UserId}/01-chat-completions/chat-request/Solution.cs", attach.Invocations.Single().Arguments[1]);
    }

    private static ExerciseDefinition Exercise(LabUiTestContext lab) => lab.Catalog.FindLab("01-chat-completions")!.FindExercise("chat-request")!;

    private static IRenderedComponent<CodeExercisePanel> Render(LabUiTestContext lab)
    {
        var lab01 = lab.Catalog.FindLab("01-chat-completions")!;
        var cut = lab.Context.Render<CodeExercisePanel>(p => p.Add(c => c.Lab, lab01).Add(c => c.Exercise, Exercise(lab)).Add(c => c.User, lab.User));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".monaco-editor-container")), TimeSpan.FromSeconds(30)); // Monaco "loaded", editors rendered
        return cut;
    }
}
