using System.Net;
using Workbench.Lab.Classrooms;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Auth;

/// <summary>Self-paced mode (the default): everything works with no sign-in, as the local learner.</summary>
public sealed class SelfPacedAuthTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    [Fact]
    public async Task Api_NoSignIn_WorksAsTheLocalLearner()
    {
        using var visitor = new WebUser(app);

        var labs = await visitor.GetJsonAsync("/api/labs");
        var accepted = await visitor.PostJsonAsync("/api/labs/01-chat-completions/exercises/quiz/submissions",
            new { answers = new Dictionary<string, object> { ["finish-length"] = new { choices = new[] { 1 } } } }, HttpStatusCode.Accepted);
        var submission = await visitor.GetJsonAsync($"/api/submissions/{accepted.GetProperty("id").GetString()}");

        Assert.Contains("01-chat-completions", labs.EnumerateArray().Select(l => l.GetProperty("id").GetString()));
        Assert.Equal(LocalLearner.UserId, submission.GetProperty("userId").GetString());
        Assert.False(visitor.HasAuthCookie);
    }

    [Fact]
    public async Task Pages_NoSignIn_AreServedInteractive_TheAccountFormsStatically()
    {
        using var visitor = new WebUser(app);

        var labs = await PageAsync(visitor, "/labs");
        var join = await PageAsync(visitor, "/join");

        // Interactive pages are rendered by the circuit (a server component marker); the account forms are static.
        Assert.Contains("\"type\":\"server\"", labs);
        Assert.DoesNotContain("\"type\":\"server\"", join);
        Assert.Contains("self-paced mode", join);
    }

    private static async Task<string> PageAsync(WebUser user, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");
        using var response = await user.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task InstructorApi_AsTheLocalLearner_Returns403()
    {
        using var visitor = new WebUser(app);

        Assert.Equal(HttpStatusCode.Forbidden, await visitor.StatusOfGetAsync("/api/classes"));
        Assert.Equal(HttpStatusCode.Forbidden, await visitor.StatusOfGetAsync("/api/labs/01-chat-completions/exercises/quiz/solution"));
    }
}
