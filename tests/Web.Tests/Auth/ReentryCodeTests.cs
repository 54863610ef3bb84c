using System.Net;
using System.Text.Json;

namespace Workbench.Web.Tests.Auth;

/// <summary>Issue 10 §12 through the real app in classroom mode: a student's re-entry code is shown once, brings
/// them back to their own work, a taken name creates no second student, sign-out warns, and the instructor can
/// issue a new code.</summary>
public sealed class ReentryCodeTests(ClassroomAppFixture fixture) : IClassFixture<ClassroomAppFixture>
{
    private string JoinCode => fixture.Class.GetProperty("joinCode").GetString()!;

    [Fact]
    public async Task Join_NewStudent_ShowsTheCodeOnceOutsideTheUrlThenNeverAgain()
    {
        using var grace = new WebUser(fixture.App);

        var target = await grace.JoinAsync(JoinCode, "Grace");
        var first = await grace.Http.GetStringAsync(target);
        var again = await grace.Http.GetStringAsync(target);

        var code = await ShownCodeAsync(first);
        Assert.DoesNotContain(code, target.OriginalString, StringComparison.Ordinal);
        Assert.Contains("It is shown only this once", first, StringComparison.Ordinal);
        Assert.Contains("Copy the re-entry code", first, StringComparison.Ordinal);
        Assert.Contains(JoinCode, first, StringComparison.Ordinal);
        Assert.DoesNotContain(code, again, StringComparison.Ordinal);
        Assert.Contains("cannot be shown again", again, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await grace.StatusOfGetAsync("/api/labs"));
    }

    [Fact]
    public async Task Join_NameTakenInOtherCase_IsRefusedWithASignBackInLinkAndNoSecondStudent()
    {
        using var visitor = new WebUser(fixture.App);

        var target = await visitor.JoinAsync(JoinCode, "ada");

        Assert.StartsWith("/join?error=name-taken", target.OriginalString);
        Assert.False(visitor.HasAuthCookie);
        var page = await visitor.Http.GetStringAsync(target);
        Assert.Contains("already in the class", page, StringComparison.Ordinal);
        Assert.Contains("href=\"account/rejoin?code=", page, StringComparison.Ordinal);
        var students = (await fixture.Instructor.GetJsonAsync($"/api/classes/{fixture.ClassId}/dashboard")).GetProperty("students");
        Assert.Single(students.EnumerateArray(), s => string.Equals(s.GetProperty("displayName").GetString(), "Ada", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Rejoin_WithTheCode_SignsInAsTheSameStudentWithTheirSubmissions()
    {
        using var laptop = new WebUser(fixture.App);

        var target = await laptop.RejoinAsync(JoinCode.ToLowerInvariant(), " ADA ", fixture.ReentryCodes["Ada"].ToLowerInvariant());

        Assert.Equal("/labs", target.OriginalString);
        var submission = await laptop.GetJsonAsync($"/api/submissions/{fixture.AdaSubmissionId}");
        Assert.Equal(fixture.AdaUserId, submission.GetProperty("userId").GetString());
    }

    [Theory]
    [InlineData("Ada", "WRONG-CODE-1234")]
    [InlineData("Nobody", null)]
    public async Task Rejoin_WrongCodeOrName_RedirectsBackWithoutTheCodeAndSignsNobodyIn(string name, string? code)
    {
        using var visitor = new WebUser(fixture.App);
        var typed = code ?? fixture.ReentryCodes["Ada"];

        var target = await visitor.RejoinAsync(JoinCode, name, typed);

        Assert.StartsWith("/account/rejoin?error=invalid-reentry-code", target.OriginalString);
        Assert.DoesNotContain(typed, Uri.UnescapeDataString(target.OriginalString), StringComparison.Ordinal);
        Assert.False(visitor.HasAuthCookie);
    }

    [Fact]
    public async Task SignOutPage_Student_WarnsThatTheReentryCodeIsNeededAndNamesTheJoinCode()
    {
        var page = await fixture.Bob.Http.GetStringAsync("/account/logout");

        Assert.Contains("You need your <strong>re-entry code</strong> to come back", page, StringComparison.Ordinal);
        Assert.Contains(JoinCode, page, StringComparison.Ordinal);
        Assert.Contains("action=\"/account/logout\"", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await fixture.Bob.StatusOfGetAsync("/api/labs")); // the page alone signs nobody out
    }

    [Fact]
    public async Task ResetReentryCode_ByTheOwner_IssuesANewCodeAndTheOldOneStopsWorking()
    {
        using var quinn = new WebUser(fixture.App);
        var joined = await quinn.JoinAsync(JoinCode, "Quentin");
        var old = await ShownCodeAsync(await quinn.Http.GetStringAsync(joined));
        var userId = await UserIdOfAsync("Quentin");

        var reset = await fixture.Instructor.PostJsonAsync($"/api/classes/{fixture.ClassId}/students/{userId}/reentry-code", null, HttpStatusCode.OK);

        var fresh = reset.GetProperty("reentryCode").GetString()!;
        Assert.NotEqual(old, fresh);
        using var back = new WebUser(fixture.App);
        Assert.Equal("/labs", (await back.RejoinAsync(JoinCode, "Quentin", fresh)).OriginalString);
        using var stale = new WebUser(fixture.App);
        Assert.StartsWith("/account/rejoin?error=invalid-reentry-code", (await stale.RejoinAsync(JoinCode, "Quentin", old)).OriginalString);
    }

    [Fact]
    public async Task ResetReentryCode_ByAStudentOrAnotherInstructor_IsRefused()
    {
        using var asStudent = await fixture.Bob.Http.PostAsync($"/api/classes/{fixture.ClassId}/students/{fixture.AdaUserId}/reentry-code", null);
        using var asOther = await fixture.OtherInstructor.Http.PostAsync($"/api/classes/{fixture.ClassId}/students/{fixture.AdaUserId}/reentry-code", null);

        Assert.Equal(HttpStatusCode.Forbidden, asStudent.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, asOther.StatusCode);
        using var ada = new WebUser(fixture.App);
        Assert.Equal("/labs", (await ada.RejoinAsync(JoinCode, "Ada", fixture.ReentryCodes["Ada"])).OriginalString);
    }

    private static Task<string> ShownCodeAsync(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<output id=\"reentry-code\"[^>]*>([A-Z2-9-]{14})</output>");
        Assert.True(match.Success, "The page shows no re-entry code.");
        return Task.FromResult(match.Groups[1].Value);
    }

    private async Task<string> UserIdOfAsync(string name)
    {
        var students = (await fixture.Instructor.GetJsonAsync($"/api/classes/{fixture.ClassId}/dashboard")).GetProperty("students");
        return students.EnumerateArray().Single(s => s.GetProperty("displayName").GetString() == name).GetProperty("userId").GetString()!;
    }
}
