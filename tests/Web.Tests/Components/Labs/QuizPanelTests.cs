using System.Net;
using Bunit;
using Workbench.Lab.Content;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Lab 01's quiz, graded by the real grader through the real submission pipeline.</summary>
[Collection(EngineCollection.Name)]
public sealed class QuizPanelTests(EngineFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Render_BeforeGrading_RevealsNoAnswerAndNoExplanation()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (lab01, quiz) = Quiz(lab);

        var cut = Render(lab, lab01, quiz);

        Assert.Equal(quiz.Questions.Count, cut.FindAll("fieldset").Count);
        Assert.Empty(cut.FindAll("input:checked"));
        Assert.Empty(cut.FindAll("[aria-label$=' result']"));
        Assert.Empty(cut.FindAll(".wb-quiz-explanation"));
        foreach (var q in quiz.Questions)
        {
            Assert.DoesNotContain(Text(q.ExplanationHtml!), Text(cut.Markup), StringComparison.Ordinal);
        }
        Assert.DoesNotContain("210", cut.Markup, StringComparison.Ordinal); // the numeric answer
        Assert.DoesNotContain("Correct", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("correct", string.Concat(cut.FindAll("input").SelectMany(i => i.Attributes).Select(a => a.Name + a.Value)), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Submit_Graded_MarksEachQuestionAndShowsItsExplanation()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (lab01, quiz) = Quiz(lab);
        var cut = Render(lab, lab01, quiz);

        await Choose(cut, 1, "system");                      // right
        await Choose(cut, 2, "Only the follow-up question"); // wrong
        await cut.InvokeAsync(() => cut.Find("input[aria-label='Answer to question 3']").Change("210")); // right
        await Choose(cut, 4, "The answer was cut off");       // right
        await Choose(cut, 5, "total_tokens is prompt_tokens plus completion_tokens."); // right only with the 2nd option too
        await cut.InvokeAsync(() => cut.Find("form").Submit());

        cut.WaitForAssertion(() => Assert.Equal("3 / 5", cut.Find("[aria-label='Score']").TextContent.Trim()), Timeout);
        Assert.Equal(["Correct", "Incorrect", "Correct", "Correct", "Incorrect"],
            Enumerable.Range(1, 5).Select(n => cut.Find($"[aria-label='Question {n} result'] b").TextContent));
        Assert.Equal(5, cut.FindAll(".wb-quiz-explanation").Count);
        Assert.Contains("30 + 70 + 110 = 210", cut.Find("[aria-label='Explanation 3']").TextContent);
        Assert.Equal("attempt 1", cut.Find("[aria-label='Attempt']").TextContent);
        Assert.Single(cut.FindAll("ol[aria-label='Attempts'] li"));
    }

    [Fact]
    public async Task Render_AfterAGradedAttempt_RestoresTheAnswersAndMarks()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (lab01, quiz) = Quiz(lab);
        var first = Render(lab, lab01, quiz);
        await Choose(first, 1, "user");
        await first.InvokeAsync(() => first.Find("form").Submit());
        first.WaitForAssertion(() => Assert.NotEmpty(first.FindAll("[aria-label='Score']")), Timeout);

        var again = Render(lab, lab01, quiz);

        again.WaitForAssertion(() => Assert.Equal("Incorrect", again.Find("[aria-label='Question 1 result'] b").TextContent), TimeSpan.FromSeconds(30));
        var checkedOption = again.FindAll("fieldset")[0].QuerySelectorAll("label").Single(l => l.QuerySelector("input")!.HasAttribute("checked"));
        Assert.Equal("user", checkedOption.TextContent.Trim());
    }

    private static (LabDefinition Lab, ExerciseDefinition Quiz) Quiz(LabUiTestContext lab)
    {
        var lab01 = lab.Catalog.FindLab("01-chat-completions")!;
        return (lab01, lab01.FindExercise("quiz")!);
    }

    private static IRenderedComponent<QuizPanel> Render(LabUiTestContext lab, LabDefinition lab01, ExerciseDefinition quiz) =>
        lab.Context.Render<QuizPanel>(p => p.Add(c => c.Lab, lab01).Add(c => c.Exercise, quiz).Add(c => c.User, lab.User));

    private static Task Choose(IRenderedComponent<QuizPanel> cut, int question, string optionStart) => cut.InvokeAsync(() =>
    {
        var label = cut.FindAll("fieldset")[question - 1].QuerySelectorAll("label").First(l => l.TextContent.Trim().StartsWith(optionStart, StringComparison.Ordinal));
        var input = label.QuerySelector("input")!;
        if (input.GetAttribute("type") == "checkbox") input.Change(true);
        else input.Change("on");
    });

    private static string Text(string html) =>
        WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(System.Text.RegularExpressions.Regex.Replace(html, "<[^>]*>", " "), @"\s+", " ")).Trim();
}
