using Bunit;
using Workbench.Lab.Content;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Lab 01's property exercise (a sampling configuration) in the exercise panel: the JSON file in the
/// editor, no compile check, and Submit graded by running the real model with fixed seeds.</summary>
[Collection(EngineCollection.Name)]
public sealed class PropertyExercisePanelTests(EngineFixture fixture)
{
    [Fact]
    public async Task Submit_TheReferenceSamplingFile_IsGradedOnTheModelWithFullMarks()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var lab01 = lab.Catalog.FindLab("01-chat-completions")!;
        var exercise = lab01.FindExercise("cut-the-reply")!;
        Assert.Equal(ExerciseKind.Property, exercise.Kind);
        var reference = await File.ReadAllTextAsync(Path.Combine(exercise.SolutionDirectoryPath!, "sampling.json"));
        lab.Context.JSInterop.SetupModule(CodeEditor.ModulePath);
        lab.Context.JSInterop.Setup<string>("blazorMonaco.editor.getValue", _ => true).SetResult(reference);
        var cut = lab.Context.Render<CodeExercisePanel>(p => p.Add(c => c.Lab, lab01).Add(c => c.Exercise, exercise).Add(c => c.User, lab.User));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".monaco-editor-container")), TimeSpan.FromSeconds(30));

        Assert.Empty(cut.FindAll("button[aria-label='Check']"));
        Assert.EndsWith("sampling.json", cut.Find("[role=tab]").TextContent.Trim());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Submit']").Click());

        cut.WaitForAssertion(() => Assert.Equal($"{exercise.MaxScore} / {exercise.MaxScore}", cut.Find("[aria-label='Score']").TextContent.Trim()),
            TimeSpan.FromSeconds(60));
        Assert.Equal(exercise.Checks.Count, cut.FindAll("table[aria-label='Checks'] [aria-label='passed']").Count);
        var stored = Assert.Single(await lab.Store.ListSubmissionsAsync(lab.User.UserId, lab01.Id, exercise.Id, CancellationToken.None));
        Assert.Equal(reference, stored.Payload.Files["sampling.json"]);
    }
}
