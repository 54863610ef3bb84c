using System.Reflection;
using Bunit;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Live results: a panel follows <see cref="SubmissionEvents"/> for its own user and exercise.</summary>
[Collection(EngineCollection.Name)]
public sealed class ExercisePanelBaseTests(EngineFixture fixture)
{
    [Fact]
    public async Task SubmissionGraded_ForThisUserAndExercise_UpdatesTheResultsPanel()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var cut = RenderQuiz(lab);
        Assert.Contains("No attempt yet", cut.Find("[aria-label='Result']").TextContent);

        // Graded elsewhere (another tab, another grading process): only the event reaches this panel.
        var graded = await StoreGradedAsync(lab, lab.User.UserId, score: 4);
        await Task.Run(() => lab.Get<SubmissionEvents>().RaiseGraded(graded));

        cut.WaitForAssertion(() => Assert.Equal("4 / 5", cut.Find("[aria-label='Score']").TextContent.Trim()), TimeSpan.FromSeconds(30));
        Assert.Equal("4 of 5 questions right", cut.Find("[aria-label='Result message']").TextContent);
        Assert.Single(cut.FindAll("ol[aria-label='Attempts'] li"));
    }

    [Fact]
    public async Task SubmissionGraded_ForAnotherUser_IsIgnored()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var other = await lab.CreateInstructorAsync("Someone Else");
        var cut = RenderQuiz(lab);
        var renders = cut.RenderCount;

        var graded = await StoreGradedAsync(lab, other.UserId, score: 5);
        await Task.Run(() => lab.Get<SubmissionEvents>().RaiseGraded(graded));
        await cut.InvokeAsync(() => { }); // let any (wrongly) queued render run

        Assert.Equal(renders, cut.RenderCount);
        Assert.Contains("No attempt yet", cut.Find("[aria-label='Result']").TextContent);
    }

    [Fact]
    public async Task Dispose_UnsubscribesFromSubmissionEvents()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var events = lab.Get<SubmissionEvents>();
        var before = (Handlers(events, nameof(SubmissionEvents.SubmissionCreated)), Handlers(events, nameof(SubmissionEvents.SubmissionGraded)));
        var cut = RenderQuiz(lab);
        Assert.Equal((before.Item1 + 1, before.Item2 + 1), (Handlers(events, nameof(SubmissionEvents.SubmissionCreated)), Handlers(events, nameof(SubmissionEvents.SubmissionGraded))));

        await lab.Context.DisposeComponentsAsync();

        Assert.Equal(before, (Handlers(events, nameof(SubmissionEvents.SubmissionCreated)), Handlers(events, nameof(SubmissionEvents.SubmissionGraded))));
    }

    private static IRenderedComponent<QuizPanel> RenderQuiz(LabUiTestContext lab)
    {
        var lab01 = lab.Catalog.FindLab("01-chat-completions")!;
        return lab.Context.Render<QuizPanel>(p => p.Add(c => c.Lab, lab01).Add(c => c.Exercise, lab01.FindExercise("quiz")!).Add(c => c.User, lab.User));
    }

    private static async Task<Submission> StoreGradedAsync(LabUiTestContext lab, string userId, int score)
    {
        var quiz = lab.Catalog.FindLab("01-chat-completions")!.FindExercise("quiz")!;
        var submission = await lab.Store.CreateSubmissionAsync(userId, "01-chat-completions", "quiz",
            SubmissionPayload.FromAnswers(new Dictionary<string, QuizAnswer>()), CancellationToken.None);
        var checks = quiz.Questions.Select((q, i) => new CheckResult(q.Id, q.Id, i < score, i < score ? "right" : "wrong", i < score ? q.Points : 0, q.Points)).ToList();
        await lab.Store.CompleteSubmissionAsync(submission.Id, new GradeResult(GradeOutcome.Graded, score, quiz.MaxScore, TimeSpan.FromMilliseconds(3),
            submission.Attempt, checks, [], $"{score} of 5 questions right"), CancellationToken.None);
        return (await lab.Store.FindSubmissionAsync(submission.Id, CancellationToken.None))!;
    }

    private static int Handlers(SubmissionEvents events, string name) =>
        (typeof(SubmissionEvents).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic)!.GetValue(events) as Delegate)?.GetInvocationList().Length ?? 0;
}
