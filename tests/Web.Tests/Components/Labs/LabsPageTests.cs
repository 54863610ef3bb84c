using Bunit;
using Workbench.Lab.Grading;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The lab list: cards in catalog order with the learner's own progress.</summary>
[Collection(EngineCollection.Name)]
public sealed class LabsPageTests(EngineFixture fixture)
{
    [Fact]
    public async Task Render_ShowsEachLabWithTheLearnersProgress()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var lab01 = lab.Catalog.Labs[0];
        var quiz = lab01.FindExercise("quiz")!;
        var submission = await lab.Store.CreateSubmissionAsync(lab.User.UserId, lab01.Id, quiz.Id,
            SubmissionPayload.FromAnswers(new Dictionary<string, QuizAnswer>()), CancellationToken.None);
        await lab.Store.CompleteSubmissionAsync(submission.Id, new GradeResult(GradeOutcome.Graded, 3, quiz.MaxScore, TimeSpan.FromMilliseconds(5), 1,
            quiz.Questions.Select((q, i) => new CheckResult(q.Id, q.Id, i < 3, "", i < 3 ? q.Points : 0, q.Points)).ToList(), [], "3 of 5"), CancellationToken.None);

        var cut = lab.Context.Render<LabsPage>();
        cut.WaitForAssertion(() => Assert.StartsWith("3 / ", cut.Find("[aria-label='Progress']").TextContent), TimeSpan.FromSeconds(30)); // read asynchronously

        var cards = cut.FindAll("ol[aria-label='Labs'] article");
        Assert.Equal(lab.Catalog.Labs.Select(l => l.Title), cards.Select(c => c.GetAttribute("aria-label")));
        var first = cards[0];
        Assert.Equal(lab01.Summary, first.QuerySelector(".wb-lab-summary")!.TextContent);
        Assert.Contains($"{lab01.EstimatedMinutes} min", first.QuerySelector("[aria-label='Estimated time']")!.TextContent);
        Assert.Equal(lab01.Objectives, first.QuerySelectorAll("[aria-label='Objectives'] li").Select(li => li.TextContent));
        Assert.Equal($"3 / {lab01.MaxScore} points · 0 of {lab01.Exercises.Count} exercises complete", first.QuerySelector("[aria-label='Progress']")!.TextContent);
        Assert.Equal($"labs/{lab01.Id}", first.QuerySelector("h2 a")!.GetAttribute("href"));
    }
}
