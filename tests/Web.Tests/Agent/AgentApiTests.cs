using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.TestSupport.ScriptedOpenAi;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Agent;

/// <summary>
/// The real app in classroom mode with a remote backend that is the scripted OpenAI-compatible server: an
/// instructor, students Ada and Bob. The script fixes lab 08's <c>py-integer-division</c> task (read, edit, run the
/// tests, answer).
/// </summary>
public sealed class AgentApiAppFixture : IAsyncLifetime
{
    public WorkbenchAppFactory App { get; } = new();
    public ScriptedOpenAiServer Model { get; private set; } = null!;
    public WebUser Instructor { get; private set; } = null!;
    public WebUser Ada { get; private set; } = null!;
    public WebUser Bob { get; private set; } = null!;

    public static readonly ScriptedModel Script = ScriptedModels.Conversation(
        _ => ScriptedReply.ToolCall("read_file", """{"path":"stats.py"}"""),
        _ => ScriptedReply.ToolCall("edit_file", """{"path":"stats.py","old_string":"sum(values) // len(values)","new_string":"sum(values) / len(values)"}"""),
        _ => ScriptedReply.ToolCall("bash", """{"command":"python3 -c \"import stats; print(stats.mean([1, 2]))\""}"""),
        _ => ScriptedReply.Text("Fixed: the mean now uses true division."));

    public async Task InitializeAsync()
    {
        Model = await ScriptedOpenAiServer.StartAsync(Script);
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = ClassroomAppFixture.InstructorPassword;
        App.Settings["Backends:scripted:BaseUrl"] = Model.BaseUrl.AbsoluteUri;
        App.Settings["Backends:scripted:Model"] = Model.ModelName;
        App.Settings["Backends:scripted:ApiKey"] = "sk-scripted";
        Instructor = new WebUser(App);
        await Instructor.SignInAsync("prof", ClassroomAppFixture.InstructorPassword);
        var classroom = await Instructor.PostJsonAsync("/api/classes", new { name = "Agents", requestsPerMinute = 0, tokensPerMinute = 0 }, HttpStatusCode.Created);
        var code = classroom.GetProperty("joinCode").GetString()!;
        Ada = new WebUser(App);
        await Ada.JoinAsync(code, "Ada");
        Bob = new WebUser(App);
        await Bob.JoinAsync(code, "Bob");
    }

    public async Task DisposeAsync()
    {
        foreach (var user in new[] { Instructor, Ada, Bob }) user?.Dispose();
        await App.DisposeAsync();
        await Model.DisposeAsync();
    }
}

/// <summary><c>/api/agent</c> on the real app, the real sandbox and the scripted backend.</summary>
public sealed class AgentApiTests(AgentApiAppFixture fixture) : IClassFixture<AgentApiAppFixture>
{
    [Fact]
    public async Task A_student_runs_a_task_on_the_scripted_backend_and_gets_a_passing_run_with_its_trajectory()
    {
        var accepted = await fixture.Ada.PostJsonAsync("/api/agent/runs",
            new { task = "py-integer-division", backend = "scripted", verify_on_edit = true, max_steps = 8, seed = 3 }, HttpStatusCode.Accepted);
        var id = accepted.GetProperty("id").GetString()!;
        var run = await WaitAsync(fixture.Ada, id);

        Assert.Equal("finished", run.GetProperty("status").GetString());
        Assert.Equal("final_answer", run.GetProperty("stop_reason").GetString());
        Assert.Equal("py-integer-division", run.GetProperty("task").GetString());
        var steps = run.GetProperty("steps").EnumerateArray().ToList();
        Assert.Equal(4, steps.Count);
        Assert.Equal(["read_file", "edit_file", "bash"], steps.Take(3).Select(s => s.GetProperty("tool_calls")[0].GetProperty("name").GetString()));
        Assert.Contains("1.5", steps[2].GetProperty("results")[0].GetProperty("text").GetString());
        Assert.All(steps, s => Assert.True(s.GetProperty("tokens").GetProperty("input").GetInt64() > 0));
        Assert.False(string.IsNullOrEmpty(steps[1].GetProperty("nudge").GetString())); // verify-on-edit: a kept edit is followed by the nudge
        var tests = run.GetProperty("tests");
        Assert.Equal("python3 -m unittest -q", tests.GetProperty("command").GetString());
        Assert.True(tests.GetProperty("passed").GetBoolean(), tests.GetProperty("output").GetString());
        Assert.Contains("+    return sum(values) / len(values)", run.GetProperty("diff").GetString());
        Assert.DoesNotContain("test_stats_hidden", run.GetProperty("diff").GetString());
        Assert.All(fixture.Model.Requests, r => Assert.Equal(3, r.Body["seed"]?.GetValue<int>()));

        // JSON Lines: one line per step, then the run.
        using var export = await fixture.Ada.Http.GetAsync($"/api/agent/runs/{id}/export");
        Assert.Equal("application/x-ndjson", export.Content.Headers.ContentType?.MediaType);
        var lines = (await export.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(5, lines.Length);
        Assert.Equal("run", JsonDocument.Parse(lines[^1]).RootElement.GetProperty("type").GetString());

        // Another student cannot see it; the instructor can.
        Assert.Equal(HttpStatusCode.NotFound, await fixture.Bob.StatusOfGetAsync($"/api/agent/runs/{id}"));
        Assert.Equal(HttpStatusCode.NotFound, await fixture.Bob.StatusOfGetAsync($"/api/agent/runs/{id}/export"));
        await fixture.Bob.PostJsonAsync($"/api/agent/runs/{id}/stop", null, HttpStatusCode.NotFound);
        Assert.DoesNotContain((await fixture.Bob.GetJsonAsync("/api/agent/runs")).EnumerateArray(), r => r.GetProperty("id").GetString() == id);
        Assert.Equal(HttpStatusCode.OK, await fixture.Instructor.StatusOfGetAsync($"/api/agent/runs/{id}"));
    }

    [Theory]
    [InlineData("{\"task\":\"no-such-task\"}", HttpStatusCode.NotFound, "there is no task 'no-such-task'")]
    [InlineData("{\"task_dir\":\"/etc\"}", HttpStatusCode.NotFound, "not a task folder inside")]
    [InlineData("{\"task_dir\":\"../../../../../../tmp\"}", HttpStatusCode.NotFound, "not a task folder inside")]
    [InlineData("{\"task\":\"py-integer-division\",\"backend\":\"nope\"}", HttpStatusCode.NotFound, "no backend named 'nope'")]
    [InlineData("{\"task\":\"py-integer-division\",\"max_steps\":0}", HttpStatusCode.BadRequest, "max_steps")]
    [InlineData("{}", HttpStatusCode.BadRequest, "is required")]
    public async Task Bad_starts_are_problems_naming_the_field(string body, HttpStatusCode status, string detail)
    {
        using var response = await fixture.Bob.Http.PostAsync("/api/agent/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(detail, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_site_start_is_refused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/agent/runs")
        {
            Content = new StringContent("{\"task\":\"py-integer-division\"}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await fixture.Bob.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<JsonElement> WaitAsync(WebUser user, string id)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var run = await user.GetJsonAsync($"/api/agent/runs/{id}");
            if (run.GetProperty("status").GetString() is "finished" or "failed" || DateTime.UtcNow > deadline) return run;
            await Task.Delay(100);
        }
    }
}
