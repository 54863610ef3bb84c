using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Grading;
using Workbench.Lab.Grading.Submissions;
using Workbench.Lab.Storage;
using Workbench.Web.Auth;
using Workbench.Web.Components.Pages.Classes;

namespace Workbench.Web.Tests.Components.Labs;

/// <summary>The instructor dashboard over a real SQLite store seeded through the real classroom and submission
/// services; live updates come from the real grading worker.</summary>
[Collection(EngineCollection.Name)]
public sealed class ClassDashboardPageTests(EngineFixture fixture)
{
    private const string LabId = "01-chat-completions";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Render_SeededClass_ShowsTheMatrixPassRatesAndRecentSubmissions()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, alice, bob) = await SeedAsync(lab);

        var cut = Render(lab, classroom.Id);

        var rows = cut.FindAll("table[aria-label='Progress matrix'] tbody tr");
        Assert.Equal(["Alice", "Bob"], rows.Select(r => r.QuerySelector("th")!.TextContent));
        var max = lab.Catalog.FindLab(LabId)!.MaxScore;
        Assert.Equal($"5 / {max}", Cell(cut, "Alice").TextContent.Trim());
        Assert.Equal("partial", Cell(cut, "Alice").ParentElement!.GetAttribute("data-status"));
        Assert.Equal($"0 / {max}", Cell(cut, "Bob").TextContent.Trim());
        Assert.Equal("failed", Cell(cut, "Bob").ParentElement!.GetAttribute("data-status"));
        Assert.Equal(classroom.JoinCode, cut.Find("[aria-label='Join code']").TextContent);
        Assert.Equal($"api/classes/{classroom.Id}/grades.csv", cut.Find("a[aria-label='Export CSV']").GetAttribute("href"));

        // Quiz question 1: Alice right, Bob wrong → 1 / 2; the code exercise has no graded attempt: no rows, named once.
        Assert.Equal("1 / 2", cut.Find("li[data-check='system-role'] [aria-label='Passed']").TextContent);
        Assert.Equal("50", cut.Find("li[data-check='system-role'] [role=meter]").GetAttribute("aria-valuenow"));
        Assert.Empty(cut.FindAll("li[data-check='returns-text']"));

        var recent = cut.FindAll("ol[aria-label='Recent submissions'] li");
        Assert.Equal(2, recent.Count);
        Assert.Contains("Bob", recent[0].TextContent); // newest first
        Assert.Contains("0/5", recent[0].QuerySelector("[aria-label='Status']")!.TextContent);
        _ = alice;
        _ = bob;
    }

    [Fact]
    public async Task NewGradedSubmission_UpdatesTheDashboardWithoutReload()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, bob) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);
        var max = lab.Catalog.FindLab(LabId)!.MaxScore;
        Assert.Equal($"0 / {max}", Cell(cut, "Bob").TextContent.Trim());

        // Bob submits all five right answers; the real worker grades the quiz and raises SubmissionGraded.
        await lab.Get<SubmissionService>().SubmitAsync(bob.UserId, LabId, "quiz", SubmissionPayload.FromAnswers(AllRight()), CancellationToken.None);

        cut.WaitForAssertion(() => Assert.Equal($"5 / {max}", Cell(cut, "Bob").TextContent.Trim()), Timeout);
        Assert.Equal(3, cut.FindAll("ol[aria-label='Recent submissions'] li").Count);
        Assert.Equal("2 / 2", cut.Find("li[data-check='system-role'] [aria-label='Passed']").TextContent);
    }

    [Fact]
    public async Task SubmissionOfAStudentWhoJoinedAfterTheDashboardWasBuilt_UpdatesTheDashboard()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);
        Assert.Equal(2, cut.FindAll("table[aria-label='Progress matrix'] tbody tr").Count);

        // Carol is not on the dashboard yet: her submission is matched to the class through the store.
        var carol = await lab.JoinAsync(classroom, "Carol");
        await lab.Get<SubmissionService>().SubmitAsync(carol.UserId, LabId, "quiz", SubmissionPayload.FromAnswers(AllRight()), CancellationToken.None);

        var max = lab.Catalog.FindLab(LabId)!.MaxScore;
        cut.WaitForAssertion(() => Assert.Equal($"5 / {max}", Cell(cut, "Carol").TextContent.Trim()), Timeout);
        Assert.Equal(["Alice", "Bob", "Carol"], cut.FindAll("table[aria-label='Progress matrix'] tbody tr").Select(r => r.QuerySelector("th")!.TextContent));
    }

    [Fact]
    public async Task PassRates_GroupedByLabTitle_ListOnlyAttemptedExercisesAndNameTheRest()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);

        var cut = Render(lab, classroom.Id);

        var lab01 = lab.Catalog.FindLab(LabId)!;
        var group = cut.Find($"section[aria-label='Pass rates: {lab01.Title}']");
        Assert.Equal(lab01.Title, group.QuerySelector("h3")!.TextContent);
        var quiz = lab01.FindExercise("quiz")!;
        Assert.Equal([$"{quiz.Title} · 2 students graded"], group.QuerySelectorAll("h4").Select(h => h.TextContent.Trim()));
        Assert.Equal(quiz.Questions.Count, group.QuerySelectorAll("li.wb-pass-rate").Length);
        var untried = lab01.Exercises.Where(e => e.Id != "quiz").Select(e => e.Title);
        Assert.Equal($"Not attempted yet: {string.Join(", ", untried)}", cut.Find($"[aria-label='Not attempted in {lab01.Title}']").TextContent.Trim());
        // The other labs, nobody graded: one line naming them, no "0 / 0" rows anywhere.
        var others = lab.Catalog.Labs.Where(l => l.Id != LabId).Select(l => l.Title).ToList();
        Assert.Equal($"Nobody graded yet in: {string.Join(", ", others)}", cut.Find("[aria-label='Labs not attempted']").TextContent.Trim());
        Assert.DoesNotContain(cut.FindAll("[aria-label='Passed']"), p => p.TextContent == "0 / 0");
    }

    [Fact]
    public async Task StudentJoins_WhileTheDashboardIsOpen_AppearsWithoutReload()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var instructor = await lab.CreateInstructorAsync();
        var classroom = await lab.CreateClassAsync(instructor);
        lab.SignIn(instructor);
        var cut = Render(lab, classroom.Id);
        Assert.Contains("No student has joined yet", cut.Markup, StringComparison.Ordinal);

        await Task.Run(() => lab.JoinAsync(classroom, "Dora"));
        await Task.Run(() => lab.JoinAsync(classroom, "Emil"));

        cut.WaitForAssertion(() => Assert.Equal(["Dora", "Emil"],
            cut.FindAll("table[aria-label='Progress matrix'] tbody tr").Select(r => r.QuerySelector("th")!.TextContent)), Timeout);
        Assert.DoesNotContain("No student has joined yet", cut.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EditQuotas_ValidValues_SaveAndApplyToTheStore()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);
        Assert.Contains("unlimited requests/min", cut.Find("[aria-label='Current quotas']").TextContent);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Edit quotas']").Click());
        cut.Find("#quota-rpm").Input("12");
        cut.Find("#quota-tpm").Input("3,000");
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Edit quotas']").Submit());

        cut.WaitForAssertion(() => Assert.Contains("12 requests/min · 3,000 tokens/min", cut.Find("[aria-label='Current quotas']").TextContent), Timeout);
        Assert.Contains("Quotas saved", cut.Find("[aria-label='Last action']").TextContent);
        var stored = await lab.Store.FindClassAsync(classroom.Id, CancellationToken.None);
        Assert.Equal((12, 3000), (stored!.RequestsPerMinute, stored.TokensPerMinute));
    }

    [Theory]
    [InlineData("-1", "Requests per minute must be a whole number")]
    [InlineData("lots", "Requests per minute must be a whole number")]
    [InlineData("100000001", "Requests per minute must be a whole number from 0 (unlimited) to 100,000,000")]
    public async Task EditQuotas_InvalidValue_ShowsWhyAndChangesNothing(string typed, string message)
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);

        await cut.InvokeAsync(() => cut.Find("button[aria-label='Edit quotas']").Click());
        cut.Find("#quota-rpm").Input(typed);
        await cut.InvokeAsync(() => cut.Find("form[aria-label='Edit quotas']").Submit());

        Assert.Contains(message, cut.Find("[aria-label='Quota error']").TextContent);
        Assert.Equal(0, (await lab.Store.FindClassAsync(classroom.Id, CancellationToken.None))!.RequestsPerMinute);
    }

    [Fact]
    public async Task ResetReentryCode_AfterConfirmation_ShowsTheNewCodeOnceAndItSignsTheStudentBackIn()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, alice, _) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);

        await cut.InvokeAsync(() => Cell(cut, "Alice").Click());
        Assert.StartsWith("Re-entry code: issued ", cut.Find("[aria-label='Re-entry code issued']").TextContent);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Reset the re-entry code of Alice']").Click());
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Confirm new re-entry code']").Click());

        var code = cut.WaitForElement("[aria-label='Re-entry code of Alice']", Timeout).TextContent;
        Assert.Matches("^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$", code);
        var back = await lab.Get<Workbench.Lab.Classrooms.ClassroomService>().RejoinAsync(classroom.JoinCode, "Alice", code, CancellationToken.None);
        Assert.Equal(alice.UserId, back.Student.Id);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Close detail']").Click());
        await cut.InvokeAsync(() => Cell(cut, "Alice").Click());
        Assert.DoesNotContain(code, cut.Markup, StringComparison.Ordinal); // shown once
    }

    [Fact]
    public async Task DemoMode_ShowsNoNamesNoDetailAndNoExport()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);
        lab.Context.Services.GetRequiredService<NavigationManager>().NavigateTo($"classes/{classroom.Id}?demo=1");

        var cut = Render(lab, classroom.Id);

        Assert.Contains("wb-demo", cut.Find(".wb-dashboard").ClassList);
        Assert.Equal(["Student 1", "Student 2"], cut.FindAll("table[aria-label='Progress matrix'] tbody th").Select(th => th.TextContent));
        // The markup without Blazor's random element ids (an id such as "vhjUrBobLk" once read as a name).
        var markup = System.Text.RegularExpressions.Regex.Replace(cut.Markup, "\\sid=\"[^\"]*\"", "");
        Assert.DoesNotContain("Alice", markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Bob", markup, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("a[aria-label='Export CSV']"));
        Assert.All(cut.FindAll("ol[aria-label='Recent submissions'] b"), b => Assert.StartsWith("Student ", b.TextContent));

        await cut.InvokeAsync(() => Cell(cut, "Student 1").Click());
        Assert.Empty(cut.FindAll("[aria-label='Student detail']"));
    }

    [Fact]
    public async Task ResetAttempts_AfterConfirmation_ResetsAndRefreshes()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, alice, _) = await SeedAsync(lab);
        var cut = Render(lab, classroom.Id);

        await cut.InvokeAsync(() => Cell(cut, "Alice").Click());
        Assert.Contains("Alice", cut.Find("[aria-label='Student detail'] h2").TextContent);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Reset attempts at Check your understanding']").Click());
        Assert.Contains("Reset 1 attempt of Alice", cut.Find(".wb-confirm").TextContent);
        Assert.False((await lab.Store.ListSubmissionsAsync(alice.UserId, LabId, "quiz", CancellationToken.None)).Single().IsReset);
        await cut.InvokeAsync(() => cut.Find("button[aria-label='Confirm reset']").Click());

        cut.WaitForAssertion(() => Assert.Contains("Reset 1 attempt of Alice", cut.Find("[aria-label='Last action']").TextContent), Timeout);
        Assert.True((await lab.Store.ListSubmissionsAsync(alice.UserId, LabId, "quiz", CancellationToken.None)).Single().IsReset);
        Assert.Equal("notstarted", Cell(cut, "Alice").ParentElement!.GetAttribute("data-status"));
    }

    [Fact]
    public async Task Render_AnotherInstructorsClass_ShowsNothingOfIt()
    {
        await using var lab = await LabUiTestContext.CreateAsync(fixture);
        var (classroom, _, _) = await SeedAsync(lab);
        lab.SignIn(await lab.CreateInstructorAsync("Mallory"));

        var cut = Render(lab, classroom.Id);

        Assert.Contains("There is no such class", cut.Find("[role=alert]").TextContent);
        Assert.DoesNotContain("Alice", cut.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(classroom.JoinCode, cut.Markup, StringComparison.Ordinal);
    }

    private static IRenderedComponent<ClassDashboardPage> Render(LabUiTestContext lab, string classId)
    {
        var cut = lab.Context.Render<ClassDashboardPage>(p => p.Add(c => c.ClassId, classId));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("h1, [role=alert]")), TimeSpan.FromSeconds(30)); // the dashboard is read asynchronously
        return cut;
    }

    private static AngleSharp.Dom.IElement Cell(IRenderedComponent<ClassDashboardPage> cut, string student) =>
        cut.Find($"table[aria-label='Progress matrix'] button[aria-label^='{student}, ']");

    // An instructor (signed in) with a class; Alice scored 5/5 on the quiz, then Bob 0/5.
    private static async Task<(Classroom Class, LabUser Alice, LabUser Bob)> SeedAsync(LabUiTestContext lab)
    {
        var instructor = await lab.CreateInstructorAsync();
        var classroom = await lab.CreateClassAsync(instructor);
        var alice = await lab.JoinAsync(classroom, "Alice");
        var bob = await lab.JoinAsync(classroom, "Bob");
        await GradedQuizAsync(lab, alice, right: 5);
        await Task.Delay(10); // distinct creation times: "newest first" is well defined
        await GradedQuizAsync(lab, bob, right: 0);
        lab.SignIn(instructor);
        return (classroom, alice, bob);
    }

    private static async Task GradedQuizAsync(LabUiTestContext lab, LabUser student, int right)
    {
        var quiz = lab.Catalog.FindLab(LabId)!.FindExercise("quiz")!;
        var submission = await lab.Store.CreateSubmissionAsync(student.UserId, LabId, "quiz", SubmissionPayload.FromAnswers(AllRight()), CancellationToken.None);
        var checks = quiz.Questions.Select((q, i) => new CheckResult(q.Id, q.Id, i < right, "", i < right ? q.Points : 0, q.Points)).ToList();
        await lab.Store.CompleteSubmissionAsync(submission.Id, new GradeResult(GradeOutcome.Graded, right, quiz.MaxScore, TimeSpan.FromMilliseconds(2), submission.Attempt, checks, [], $"{right} of 5"), CancellationToken.None);
    }

    private static Dictionary<string, QuizAnswer> AllRight() => new()
    {
        ["system-role"] = new([0], null),
        ["stateless"] = new([1], null),
        ["cumulative-prompt-tokens"] = new(null, 210),
        ["finish-length"] = new([1], null),
        ["usage-facts"] = new([0, 1], null),
    };
}
