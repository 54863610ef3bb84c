using Bunit;
using Workbench.Lab.Classrooms;
using Workbench.Lab.Grading;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Components.Pages.Labs;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>Issue 10 §19: an instructor's reset reaches the student's open lab page without a reload — the exercise
/// panel reloads its attempts (<see cref="ExercisePanelBase"/>) and <see cref="AttemptsResetNotice"/> says so.</summary>
[Collection(EngineCollection.Name)]
public sealed class AttemptsResetLiveTests(EngineFixture fixture)
{
    private const string LabId = "01-chat-completions";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ResetByTheInstructor_ReachesTheOpenPanelAndNotice()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (instructor, classroom, student) = await SeedAsync(lab);
        var lab01 = lab.Catalog.FindLab(LabId)!;
        var panel = lab.Context.Render<QuizPanel>(p => p.Add(c => c.Lab, lab01).Add(c => c.Exercise, lab01.FindExercise("quiz")!).Add(c => c.User, student));
        var notice = lab.Context.Render<AttemptsResetNotice>(p => p.Add(c => c.Lab, lab01).Add(c => c.User, student));
        panel.WaitForAssertion(() => Assert.Equal("5 / 5", panel.Find("[aria-label='Score']").TextContent.Trim()), Timeout);
        Assert.Empty(panel.FindAll(".wb-results-head .wb-soon-chip"));
        Assert.Empty(notice.FindAll("[aria-label='Attempts reset']"));

        // The instructor resets from the dashboard: another circuit, another thread.
        await Task.Run(() => lab.Get<ClassroomService>().ResetAttemptsAsync(classroom.Id, instructor.UserId, student.UserId, LabId, "quiz", CancellationToken.None));

        panel.WaitForAssertion(() => Assert.Equal("reset", panel.Find(".wb-results-head .wb-soon-chip").TextContent), Timeout);
        notice.WaitForAssertion(() => Assert.Contains($"Your instructor reset your attempts at {lab01.FindExercise("quiz")!.Title}",
            notice.Find("[aria-label='Attempts reset']").TextContent), Timeout);
        await notice.InvokeAsync(() => notice.Find("button[aria-label='Dismiss reset notice']").Click());
        Assert.Empty(notice.FindAll("[aria-label='Attempts reset']"));
    }

    [Fact]
    public async Task NewAttemptAfterTheReset_ClearsTheNotice()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (instructor, classroom, student) = await SeedAsync(lab);
        var lab01 = lab.Catalog.FindLab(LabId)!;
        var notice = lab.Context.Render<AttemptsResetNotice>(p => p.Add(c => c.Lab, lab01).Add(c => c.User, student));
        await Task.Run(() => lab.Get<ClassroomService>().ResetAttemptsAsync(classroom.Id, instructor.UserId, student.UserId, LabId, "quiz", CancellationToken.None));
        notice.WaitForElement("[aria-label='Attempts reset']", Timeout);

        await lab.Get<Workbench.Lab.Grading.Submissions.SubmissionService>().SubmitAsync(student.UserId, LabId, "quiz",
            SubmissionPayload.FromAnswers(new Dictionary<string, QuizAnswer>()), CancellationToken.None);

        notice.WaitForAssertion(() => Assert.Empty(notice.FindAll("[aria-label='Attempts reset']")), Timeout);
    }

    [Fact]
    public async Task ResetOfAnotherStudent_LeavesThePageAlone()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (instructor, classroom, student) = await SeedAsync(lab);
        var other = await lab.JoinAsync(classroom, "Other");
        var lab01 = lab.Catalog.FindLab(LabId)!;
        var notice = lab.Context.Render<AttemptsResetNotice>(p => p.Add(c => c.Lab, lab01).Add(c => c.User, student));
        var renders = notice.RenderCount;

        await Task.Run(() => lab.Get<ClassroomService>().ResetAttemptsAsync(classroom.Id, instructor.UserId, other.UserId, LabId, "quiz", CancellationToken.None));
        await notice.InvokeAsync(() => { });

        Assert.Equal(renders, notice.RenderCount);
        Assert.Empty(notice.FindAll("[aria-label='Attempts reset']"));
    }

    private static async Task<(LabUser Instructor, Classroom Class, LabUser Student)> SeedAsync(LabUiTestContext lab)
    {
        var instructor = await lab.CreateInstructorAsync();
        var classroom = await lab.CreateClassAsync(instructor);
        var student = await lab.JoinAsync(classroom, "Sam");
        var quiz = lab.Catalog.FindLab(LabId)!.FindExercise("quiz")!;
        var submission = await lab.Store.CreateSubmissionAsync(student.UserId, LabId, "quiz", SubmissionPayload.FromAnswers(new Dictionary<string, QuizAnswer>()), CancellationToken.None);
        var checks = quiz.Questions.Select(q => new CheckResult(q.Id, q.Id, true, "right", q.Points, q.Points)).ToList();
        await lab.Store.CompleteSubmissionAsync(submission.Id, new GradeResult(GradeOutcome.Graded, quiz.MaxScore, quiz.MaxScore, TimeSpan.FromMilliseconds(3),
            submission.Attempt, checks, [], "5 of 5 questions right"), CancellationToken.None);
        lab.SignIn(student);
        return (instructor, classroom, student);
    }
}
