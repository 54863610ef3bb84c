using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Workbench.Web.Tests.Hosting;
using Workbench.Web.Tests.Hubs;

namespace Workbench.Web.Tests.Auth;

/// <summary>Each authorization rule of classroom mode, through the real app (<see cref="ClassroomAppFixture"/>).</summary>
public sealed class ClassroomAuthorizationTests(ClassroomAppFixture fixture) : IClassFixture<ClassroomAppFixture>
{
    private const string LabId = ClassroomAppFixture.LabId;

    [Theory]
    [InlineData("/api/labs")]
    [InlineData("/api/labs/01-chat-completions")]
    [InlineData("/api/classes")]
    [InlineData("/api/submissions/anything")]
    public async Task Api_Anonymous_Returns401WithoutARedirect(string path)
    {
        using var visitor = new WebUser(fixture.App);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/html");

        using var response = await visitor.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task GenerationHub_Anonymous_Returns401()
    {
        using var visitor = new WebUser(fixture.App);

        using var response = await visitor.Http.PostAsync("/hubs/generation/negotiate?negotiateVersion=1", null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task ChatCompletions_Anonymous_Returns401_ASignedInStudentIsForwarded()
    {
        var body = new { messages = new[] { new { role = "user", content = "Tell me a story." } }, max_tokens = 4 };
        using var visitor = new WebUser(fixture.App);

        using var anonymous = await visitor.Http.PostAsJsonAsync("/v1/chat/completions", body);
        using var student = await fixture.Bob.Http.PostAsJsonAsync("/v1/chat/completions", body);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.NotEqual(HttpStatusCode.Unauthorized, student.StatusCode);
        Assert.NotEqual(HttpStatusCode.Forbidden, student.StatusCode);
    }

    [Fact]
    public async Task Submission_OfAnotherStudent_Returns404_ToTheOwnerAndTheirInstructor200()
    {
        var path = $"/api/submissions/{fixture.AdaSubmissionId}";

        var problem = await fixture.Bob.GetJsonAsync(path, HttpStatusCode.NotFound);
        await fixture.OtherInstructor.GetJsonAsync(path, HttpStatusCode.NotFound);
        var own = await fixture.Ada.GetJsonAsync(path);
        var instructors = await fixture.Instructor.GetJsonAsync(path);

        Assert.Equal(404, problem.GetProperty("status").GetInt32()); // ProblemDetails, same as for an unknown id
        Assert.Equal("quiz", own.GetProperty("exerciseId").GetString());
        Assert.Equal(fixture.AdaSubmissionId, instructors.GetProperty("id").GetString());
        var unknown = await fixture.Bob.GetJsonAsync("/api/submissions/no-such-id", HttpStatusCode.NotFound);
        Assert.Equal(problem.GetProperty("detail").GetString(), unknown.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Solution_AsStudent_Returns403_AsInstructorHoldsTheReferenceFiles()
    {
        var path = $"/api/labs/{LabId}/exercises/chat-request/solution";

        Assert.Equal(HttpStatusCode.Forbidden, await fixture.Ada.StatusOfGetAsync(path));
        var solution = await fixture.Instructor.GetJsonAsync(path);

        var file = Assert.Single(solution.GetProperty("files").EnumerateArray());
        Assert.Equal("Solution.cs", file.GetProperty("name").GetString());
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "labs", LabId, "exercises", "chat-request", "solution", "Solution.cs")),
            file.GetProperty("content").GetString());
    }

    [Theory]
    [InlineData("dashboard")]
    [InlineData("grades.csv")]
    public async Task ClassData_AsStudent_Returns403(string what)
    {
        Assert.Equal(HttpStatusCode.Forbidden, await fixture.Ada.StatusOfGetAsync($"/api/classes/{fixture.ClassId}/{what}"));
        Assert.Equal(HttpStatusCode.OK, await fixture.Instructor.StatusOfGetAsync($"/api/classes/{fixture.ClassId}/{what}"));
    }

    [Fact]
    public async Task Reset_AsStudent_Returns403()
    {
        using var response = await fixture.Bob.Http.PostAsync(
            $"/api/classes/{fixture.ClassId}/students/{fixture.AdaUserId}/labs/{LabId}/exercises/quiz/reset", null);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.False((await fixture.Ada.GetJsonAsync($"/api/submissions/{fixture.AdaSubmissionId}")).GetProperty("isReset").GetBoolean());
    }

    [Theory]
    [InlineData("")]
    [InlineData("/dashboard")]
    [InlineData("/grades.csv")]
    public async Task Class_OfAnotherInstructor_Returns404(string what)
    {
        Assert.Equal(HttpStatusCode.NotFound, await fixture.OtherInstructor.StatusOfGetAsync($"/api/classes/{fixture.ClassId}{what}"));
        Assert.Equal(HttpStatusCode.OK, await fixture.Instructor.StatusOfGetAsync($"/api/classes/{fixture.ClassId}{what}"));
    }

    [Fact]
    public async Task ClassChanges_ByAnotherInstructor_Return404AndChangeNothing()
    {
        using var quotas = await fixture.OtherInstructor.Http.PutAsJsonAsync($"/api/classes/{fixture.ClassId}/quotas", new { requestsPerMinute = 1, tokensPerMinute = 1 });
        using var reset = await fixture.OtherInstructor.Http.PostAsync(
            $"/api/classes/{fixture.ClassId}/students/{fixture.AdaUserId}/labs/{LabId}/exercises/quiz/reset", null);

        Assert.Equal(HttpStatusCode.NotFound, quotas.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        var stored = await fixture.Instructor.GetJsonAsync($"/api/classes/{fixture.ClassId}");
        Assert.Equal(0, stored.GetProperty("requestsPerMinute").GetInt32());
        Assert.False((await fixture.Ada.GetJsonAsync($"/api/submissions/{fixture.AdaSubmissionId}")).GetProperty("isReset").GetBoolean());
    }

    [Fact]
    public async Task ClassList_ShowsEachInstructorOnlyTheirOwn()
    {
        var mine = await fixture.Instructor.GetJsonAsync("/api/classes");
        var theirs = await fixture.OtherInstructor.GetJsonAsync("/api/classes");

        Assert.Contains(fixture.ClassId, mine.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.DoesNotContain(fixture.OtherClassId, mine.EnumerateArray().Select(c => c.GetProperty("id").GetString()));
        Assert.Equal(fixture.OtherClassId, Assert.Single(theirs.EnumerateArray()).GetProperty("id").GetString());
    }

    [Fact]
    public async Task LabView_ForAStudent_HoldsNoQuizAnswersHiddenChecksOrSolution()
    {
        using var response = await fixture.Ada.Http.GetAsync($"/api/labs/{LabId}");
        var json = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lab = JsonDocument.Parse(json).RootElement;

        var exerciseDirectory = Path.Combine(TestPaths.RepoRoot, "labs", LabId, "exercises", "chat-request");
        var checksCode = await File.ReadAllTextAsync(Path.Combine(exerciseDirectory, "checks", "Checks.cs"));
        var solution = await File.ReadAllTextAsync(Path.Combine(exerciseDirectory, "solution", "Solution.cs"));
        Assert.DoesNotContain("[Check(", json);
        Assert.DoesNotContain("CheckFailedException", json);
        Assert.DoesNotContain(JsonEncodedText.Encode(checksCode.Split('\n')[0].Trim()).ToString(), json);
        Assert.DoesNotContain(JsonEncodedText.Encode(solution).ToString(), json);
        Assert.DoesNotContain(exerciseDirectory, json);
        foreach (var hidden in new[] { "correctChoices", "answer", "tolerance", "explanationHtml", "checksFilePath", "solutionDirectoryPath", "directoryPath", "property", "userPrompt", "seeds", "regex", "sameAcrossSeeds" })
        {
            Assert.DoesNotContain($"\"{hidden}\":", json); // as a key: the property exercise's "kind":"property" is public
        }
        var quiz = lab.GetProperty("exercises").EnumerateArray().Single(e => e.GetProperty("id").GetString() == "quiz");
        Assert.True(quiz.GetProperty("questions").GetArrayLength() >= 5); // the questions are there, without answers
        // The same data, for an instructor, does carry the answers: the check above can fail.
        var key = await fixture.Instructor.GetJsonAsync($"/api/labs/{LabId}/exercises/quiz/solution");
        Assert.Equal(0, key.GetProperty("answers")[0].GetProperty("correctChoices")[0].GetInt32());
    }

    [Fact]
    public async Task Join_BadCode_RedirectsBackToTheFormWithAnErrorAndSignsNobodyIn()
    {
        using var visitor = new WebUser(fixture.App);

        var target = await visitor.JoinAsync("ZZZZ-ZZZZ", "Mallory");

        Assert.StartsWith("/join?", target.OriginalString);
        Assert.Contains("error=unknown-code", target.OriginalString);
        Assert.Contains("displayName=Mallory", target.OriginalString);
        Assert.False(visitor.HasAuthCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, await visitor.StatusOfGetAsync("/api/labs"));
    }

    [Fact]
    public async Task Join_DisplayNameTooLong_RedirectsBackWithTheReason()
    {
        using var visitor = new WebUser(fixture.App);

        var target = await visitor.JoinAsync(fixture.Class.GetProperty("joinCode").GetString()!, new string('x', 41));

        Assert.StartsWith("/join?", target.OriginalString);
        Assert.Contains(Uri.EscapeDataString("use at most 40"), target.OriginalString);
        Assert.False(visitor.HasAuthCookie);
    }

    [Fact]
    public async Task Join_WithoutTheAntiforgeryToken_IsRefused()
    {
        using var visitor = new WebUser(fixture.App);

        var target = await visitor.PostFormAsync(null, "/account/join",
            new() { ["joinCode"] = fixture.Class.GetProperty("joinCode").GetString()!, ["displayName"] = "Forged" });

        Assert.StartsWith("/join?error=", target.OriginalString);
        Assert.False(visitor.HasAuthCookie);
    }

    [Fact]
    public async Task SignIn_WrongPassword_RedirectsBackWithAnErrorAndSignsNobodyIn()
    {
        using var visitor = new WebUser(fixture.App);

        var target = await visitor.SignInAsync("prof", "not-the-password");

        Assert.StartsWith("/account/login?error=invalid-credentials", target.OriginalString);
        Assert.False(visitor.HasAuthCookie);
        Assert.Equal(HttpStatusCode.Unauthorized, await visitor.StatusOfGetAsync("/api/classes"));
    }

    [Fact]
    public async Task SignOut_SignedInStudent_EndsTheSession()
    {
        using var student = new WebUser(fixture.App);
        await student.JoinAsync(fixture.Class.GetProperty("joinCode").GetString()!, "Leaving");
        Assert.Equal(HttpStatusCode.OK, await student.StatusOfGetAsync("/api/labs"));

        var target = await student.PostFormAsync("/join", "/account/logout", []);

        Assert.Equal("/", target.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, await student.StatusOfGetAsync("/api/labs"));
    }

    [Fact]
    public async Task GenerationHub_StudentOverTheClassRequestQuota_GetsAClearMessage()
    {
        await fixture.App.StartReadyAsync();
        await using var hub = await ConnectAsync(fixture.Quinn);

        await hub.StreamInvocationAsync("1", "StreamChat", [StoryRequest()], Cancel());
        JsonElement message;
        while ((message = await hub.ReceiveAsync(Cancel())).GetProperty("type").GetInt32() == 2) { }
        Assert.False(message.TryGetProperty("error", out var firstError), firstError.ToString());

        await hub.StreamInvocationAsync("2", "StreamChat", [StoryRequest()], Cancel());
        var refused = await hub.ReceiveAsync(Cancel());

        Assert.Equal(3, refused.GetProperty("type").GetInt32());
        Assert.Matches(@"HubException: You have made 1 of your 1 requests per minute; try again in \d+ s\.$", refused.GetProperty("error").GetString());
    }

    /// <summary>Issue 10, finding 5: any signed-in student could load a model for the whole class. Now a student's
    /// load is 403 in OpenAI's error shape (and never reaches the worker) while the instructor's loads, and the
    /// student still reads the model information.</summary>
    [Fact]
    public async Task ModelLoad_AsStudent_Is403InOpenAiShape_AsInstructorLoads()
    {
        await fixture.App.StartReadyAsync();
        var load = new { path = "TinyStories-656K-Q8_0.gguf" };

        using var student = await fixture.Ada.Http.PostAsJsonAsync("/models/load", load);
        var refused = JsonDocument.Parse(await student.Content.ReadAsStringAsync()).RootElement.GetProperty("error");
        using var instructor = await fixture.Instructor.Http.PostAsJsonAsync("/models/load", load);
        var loaded = await instructor.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Forbidden, student.StatusCode);
        Assert.Equal("invalid_request_error", refused.GetProperty("type").GetString());
        Assert.Equal("insufficient_permissions", refused.GetProperty("code").GetString());
        Assert.Contains("only the instructor", refused.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, instructor.StatusCode);
        Assert.Contains("data: {\"model\":{", loaded);
        Assert.Equal(HttpStatusCode.OK, await fixture.Ada.StatusOfGetAsync("/v1/models"));
        Assert.Equal(HttpStatusCode.OK, await fixture.Ada.StatusOfGetAsync("/props"));
    }

    /// <summary>Issue 10, finding 5: the load accepted any readable .gguf on the host and its errors told which files
    /// exist. Through the web proxy, a real model outside the model folders and a missing file now get the same bytes.</summary>
    [Fact]
    public async Task ModelLoad_OutsideTheModelFolders_AndMissing_GiveByteIdenticalErrors()
    {
        await fixture.App.StartReadyAsync();
        var outside = Directory.CreateTempSubdirectory("wb-outside-").FullName;
        try
        {
            var copy = Path.Combine(outside, "copy.gguf");
            File.Copy(TestPaths.TinyStories, copy);

            using var refused = await fixture.Instructor.Http.PostAsJsonAsync("/models/load", new { path = copy });
            using var missing = await fixture.Instructor.Http.PostAsJsonAsync("/models/load", new { path = Path.Combine(outside, "missing.gguf") });
            using var climbing = await fixture.Instructor.Http.PostAsJsonAsync("/models/load", new { path = Path.Combine(TestPaths.SharedModels, "..", "..", outside.TrimStart('/'), "copy.gguf") });

            var body = await refused.Content.ReadAsByteArrayAsync();
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
            Assert.Equal(body, await missing.Content.ReadAsByteArrayAsync());
            Assert.Equal(body, await climbing.Content.ReadAsByteArrayAsync());
            var error = JsonDocument.Parse(body).RootElement.GetProperty("error");
            Assert.Equal(Workbench.Engine.Models.ModelCatalog.NotLoadableMessage, error.GetProperty("message").GetString());
            Assert.Equal("model_load_failed", error.GetProperty("code").GetString());
            Assert.Equal(TestPaths.Real(TestPaths.TinyStories), TestPaths.Real(fixture.App.Supervisor.Model?.Path ?? ""));
        }
        finally
        {
            Directory.Delete(outside, recursive: true);
        }
    }

    private async Task<SignalRJsonClient> ConnectAsync(WebUser user)
    {
        var ws = fixture.App.Server.CreateWebSocketClient();
        ws.ConfigureRequest = request => request.Headers.Cookie = user.CookieHeader;
        return await SignalRJsonClient.ConnectAsync(user.Http, "/hubs/generation", (uri, ct) => ws.ConnectAsync(uri, ct), Cancel());
    }

    private static object StoryRequest() => new
    {
        messages = new[] { new { role = "user", content = "Tell me a story." } },
        maxTokens = 4,
        seed = 3,
    };

    private static CancellationToken Cancel() => new CancellationTokenSource(TimeSpan.FromSeconds(60)).Token;
}
