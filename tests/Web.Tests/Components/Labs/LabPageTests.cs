using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Content;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The lab page on the real lab 01, loaded by the real <c>LabCatalogLoader</c> from <c>labs/</c>.</summary>
[Collection(EngineCollection.Name)]
public sealed class LabPageTests(EngineFixture fixture)
{
    private const string LabId = "01-chat-completions";

    [Fact]
    public async Task Render_Lab01_ShowsContentsMarkdownWidgetsAndExercisesInOrder()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var definition = lab.Catalog.FindLab(LabId)!;

        var cut = lab.Context.Render<LabPage>(p => p.Add(c => c.LabId, LabId));

        Assert.Equal(definition.Title, Assert.Single(cut.FindAll("h1")).TextContent); // the body's own title is not repeated
        var toc = cut.FindAll("nav[aria-label='Contents'] a");
        Assert.Equal(definition.Sections.Select(s => s.Title), toc.Select(a => a.TextContent));
        Assert.All(toc.Zip(definition.Sections), x => Assert.EndsWith("#" + x.Second.Anchor, x.First.GetAttribute("href")));
        foreach (var section in definition.Sections)
        {
            Assert.NotNull(cut.Find($"article[aria-label='Lab'] [id='{section.Anchor}']"));
        }
        Assert.Equal(definition.Objectives, cut.FindAll("[aria-label='Objectives'] li").Select(li => li.TextContent));

        // Markdown is rendered as HTML (a table, code blocks), widgets as live components, exercises as panels, in file order.
        Assert.NotEmpty(cut.FindAll(".wb-lab-markdown table"));
        Assert.NotEmpty(cut.FindAll(".wb-lab-markdown pre code"));
        var expected = definition.Blocks.Select(b => b switch
        {
            MarkdownBlock => "markdown",
            WidgetBlock w => "widget:" + w.Name,
            ExerciseBlock e => "exercise:" + e.ExerciseId,
            _ => "?",
        }).ToList();
        var rendered = cut.FindAll("article[aria-label='Lab'] > .wb-lab-markdown, article[aria-label='Lab'] > .wb-widget-host, article[aria-label='Lab'] > .wb-exercise")
            .Select(e => e.ClassList.Contains("wb-lab-markdown") ? "markdown"
                : e.ClassList.Contains("wb-widget-host") ? "widget:" + e.GetAttribute("data-widget")
                : "exercise:" + e.Id!["exercise-".Length..])
            .ToList();
        Assert.Equal(expected, rendered);
        Assert.Equal(2, cut.FindAll("section[aria-label='Wire inspector']").Count);
        Assert.Single(cut.FindAll("section[aria-label='Chat playground']"));
        Assert.NotNull(cut.Find("section[aria-label='Exercise: Call the chat completions endpoint'] button[aria-label='Check']"));
        Assert.NotNull(cut.Find("form[aria-label='Quiz: Check your understanding']"));

        // A learner never sees solutions.
        Assert.Empty(cut.FindAll("button[aria-label='Show solution']"));
        Assert.Empty(cut.FindAll("[aria-label='Solution']"));
        var exercise = definition.FindExercise("chat-request")!;
        var starter = exercise.StarterFiles.Single().Content;
        var solutionOnly = File.ReadAllLines(Path.Combine(exercise.SolutionDirectoryPath!, "Solution.cs"))
            .Select(l => l.Trim()).Where(l => l.Length > 25 && !starter.Contains(l, StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(solutionOnly);
        var text = string.Concat(cut.Nodes.Select(n => n.TextContent));
        Assert.All(solutionOnly, line => Assert.DoesNotContain(line, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ShowSolution_AsInstructor_ShowsTheReferenceFilesAndQuizAnswers()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        lab.SignIn(await lab.CreateInstructorAsync());
        var exercise = lab.Catalog.FindLab(LabId)!.FindExercise("chat-request")!;
        var reference = await File.ReadAllTextAsync(Path.Combine(exercise.SolutionDirectoryPath!, "Solution.cs"));
        var cut = lab.Context.Render<LabPage>(p => p.Add(c => c.LabId, LabId));
        Assert.Empty(cut.FindAll("[aria-label='Solution']"));

        var buttons = cut.FindAll("button[aria-label='Show solution']");
        Assert.Equal(lab.Catalog.FindLab(LabId)!.Exercises.Count, buttons.Count);
        for (var i = 0; i < buttons.Count; i++)
        {
            await cut.InvokeAsync(() => cut.FindAll("button[aria-label='Show solution']")[0].Click());
        }

        cut.WaitForAssertion(() => Assert.Equal(reference, cut.Find("[aria-label='Solution Solution.cs']").TextContent), TimeSpan.FromSeconds(30)); // read from disk asynchronously
        Assert.Equal("system", cut.Find("[aria-label='Answer to system-role'] b").TextContent);
        Assert.Equal("210", cut.Find("[aria-label='Answer to cumulative-prompt-tokens'] b").TextContent);
    }

    [Fact]
    public async Task Render_DemoModeAsInstructor_HasLargeTypeAndNoSolutions()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        lab.SignIn(await lab.CreateInstructorAsync());

        lab.Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"labs/{LabId}?demo=1");
        var cut = lab.Context.Render<LabPage>(p => p.Add(c => c.LabId, LabId));

        Assert.Contains("wb-demo", cut.Find(".wb-lab-page").ClassList);
        Assert.Empty(cut.FindAll("button[aria-label='Show solution']"));
        Assert.All(cut.FindAll("nav[aria-label='Contents'] a"), a => Assert.Contains("?demo=1#", a.GetAttribute("href")));
    }

    [Fact]
    public async Task Render_UnknownLab_SaysSo()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);

        var cut = lab.Context.Render<LabPage>(p => p.Add(c => c.LabId, "99-nothing"));

        Assert.Contains("There is no lab '99-nothing'", cut.Find("[role=alert]").TextContent);
    }
}
