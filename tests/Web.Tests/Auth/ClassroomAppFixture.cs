using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Classrooms;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Auth;

/// <summary>
/// The real app in classroom mode on a fresh data directory, with: the configured instructor (<c>prof</c>) signed
/// in, a second instructor (<c>other</c>) with a class of their own, the first instructor's class with students
/// Ada and Bob (joined through the join form; their re-entry codes in <see cref="ReentryCodes"/>), a quiz submission of Ada's, and a class limited to one engine
/// request per minute with student Quinn.
/// </summary>
public sealed class ClassroomAppFixture : IAsyncLifetime
{
    public const string InstructorPassword = "instructor-pass-1";
    public const string LabId = "01-chat-completions";

    public WorkbenchAppFactory App { get; } = new();

    public WebUser Instructor { get; private set; } = null!;
    public WebUser OtherInstructor { get; private set; } = null!;
    public WebUser Ada { get; private set; } = null!;
    public WebUser Bob { get; private set; } = null!;
    public WebUser Quinn { get; private set; } = null!;

    public JsonElement Class { get; private set; }
    public JsonElement OtherClass { get; private set; }
    public string ClassId => Class.GetProperty("id").GetString()!;
    public string OtherClassId => OtherClass.GetProperty("id").GetString()!;
    public string AdaSubmissionId { get; private set; } = "";
    public string AdaUserId { get; private set; } = "";

    public async Task InitializeAsync()
    {
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = InstructorPassword;

        Instructor = new WebUser(App);
        Assert.Equal("/classes", (await Instructor.SignInAsync("prof", InstructorPassword)).OriginalString);
        Class = await Instructor.PostJsonAsync("/api/classes", new { name = "Tuesday group", requestsPerMinute = 0, tokensPerMinute = 0 }, HttpStatusCode.Created);
        var quotaClass = await Instructor.PostJsonAsync("/api/classes", new { name = "Quota group", requestsPerMinute = 1, tokensPerMinute = 0 }, HttpStatusCode.Created);

        await App.Services.GetRequiredService<InstructorAccounts>().CreateAsync("other", "Other Instructor", "other-pass-12", CancellationToken.None);
        OtherInstructor = new WebUser(App);
        await OtherInstructor.SignInAsync("other", "other-pass-12");
        OtherClass = await OtherInstructor.PostJsonAsync("/api/classes", new { name = "Other group" }, HttpStatusCode.Created);

        Ada = await JoinAsync(Class, "Ada");
        Bob = await JoinAsync(Class, "Bob");
        Quinn = await JoinAsync(quotaClass, "Quinn");

        var accepted = await Ada.PostJsonAsync($"/api/labs/{LabId}/exercises/quiz/submissions",
            new { answers = new Dictionary<string, object> { ["system-role"] = new { choices = new[] { 0 } } } }, HttpStatusCode.Accepted);
        AdaSubmissionId = accepted.GetProperty("id").GetString()!;
        AdaUserId = (await Ada.GetJsonAsync($"/api/submissions/{AdaSubmissionId}")).GetProperty("userId").GetString()!;
    }

    /// <summary>The re-entry code each student of the fixture was shown at join, by display name.</summary>
    public Dictionary<string, string> ReentryCodes { get; } = [];

    private async Task<WebUser> JoinAsync(JsonElement classroom, string name)
    {
        var user = new WebUser(App);
        var target = await user.JoinAsync(classroom.GetProperty("joinCode").GetString()!.ToLowerInvariant(), name);
        Assert.Equal("/account/reentry-code?returnUrl=%2Flabs", target.OriginalString);
        Assert.True(user.HasAuthCookie);
        ReentryCodes[name] = await user.ReadReentryCodeAsync(target.OriginalString)
            ?? throw new InvalidOperationException($"No re-entry code was shown to {name}.");
        return user;
    }

    public async Task DisposeAsync()
    {
        foreach (var user in new[] { Instructor, OtherInstructor, Ada, Bob, Quinn }) user?.Dispose();
        await App.DisposeAsync();
    }
}
