using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Workbench.Lab.Quotas;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Apis;

/// <summary>
/// The real app in classroom mode (real worker, TinyStories) with one student per quota case, each joined through
/// the join form: Rita in a class of <see cref="RequestsPerMinute"/> requests per minute, Nora and Sam in classes
/// of 1 token per minute (each refused once one generation has been charged), and Una in an unlimited class.
/// </summary>
public sealed class ProxyQuotaAppFixture : IAsyncLifetime
{
    public const int RequestsPerMinute = 2;

    public WorkbenchAppFactory App { get; } = new();

    public WebUser Instructor { get; private set; } = null!;
    public WebUser Rita { get; private set; } = null!;
    public WebUser Nora { get; private set; } = null!;
    public WebUser Sam { get; private set; } = null!;
    public WebUser Una { get; private set; } = null!;

    /// <summary>Student display name → user id.</summary>
    public Dictionary<string, string> UserIds { get; } = [];

    public EngineAccessGate Gate => App.Services.GetRequiredService<EngineAccessGate>();

    public async Task InitializeAsync()
    {
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = "instructor-pass-1";
        Instructor = new WebUser(App);
        await Instructor.SignInAsync("prof", "instructor-pass-1");

        Rita = await JoinNewClassAsync("Rita", RequestsPerMinute, 0);
        Nora = await JoinNewClassAsync("Nora", 0, 1);
        Sam = await JoinNewClassAsync("Sam", 0, 1);
        Una = await JoinNewClassAsync("Una", 0, 0);
        await App.StartReadyAsync();
    }

    private async Task<WebUser> JoinNewClassAsync(string student, int requestsPerMinute, int tokensPerMinute)
    {
        var classroom = await Instructor.PostJsonAsync("/api/classes",
            new { name = student + "'s group", requestsPerMinute, tokensPerMinute }, HttpStatusCode.Created);
        var user = new WebUser(App);
        // A join lands on the page that shows the new re-entry code once, then goes on to /labs.
        Assert.Equal("/account/reentry-code?returnUrl=%2Flabs", (await user.JoinAsync(classroom.GetProperty("joinCode").GetString()!, student)).OriginalString);
        var dashboard = await Instructor.GetJsonAsync($"/api/classes/{classroom.GetProperty("id").GetString()}/dashboard");
        UserIds[student] = dashboard.GetProperty("students").EnumerateArray()
            .Single(s => s.GetProperty("displayName").GetString() == student).GetProperty("userId").GetString()!;
        return user;
    }

    public async Task DisposeAsync()
    {
        foreach (var user in new[] { Instructor, Rita, Nora, Sam, Una }) user?.Dispose();
        await App.DisposeAsync();
    }
}
