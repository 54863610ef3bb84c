using System.Net;
using System.Text;
using System.Text.Json;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Training;

/// <summary>
/// The real app in classroom mode with <c>Training:Command</c> pointing at a stand-in for <c>Workbench.Train --json</c>
/// (a neighbour of the API under test: a bash script speaking the protocol, 0.2 s per step, seed 7 = a run that stays
/// up until stopped): an instructor, students Ada and Bob.
/// </summary>
public sealed class TrainingApiAppFixture : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wb-train-").FullName;

    public WorkbenchAppFactory App { get; } = new();
    public WebUser Instructor { get; private set; } = null!;
    public WebUser Ada { get; private set; } = null!;
    public WebUser Bob { get; private set; } = null!;
    public string Output => Path.Combine(_folder, "out");

    public async Task InitializeAsync()
    {
        var command = Path.Combine(_folder, "fake-train");
        await File.WriteAllTextAsync(command, """
            #!/bin/bash
            if [ "$1" = --generate ]; then
              while [ $# -gt 0 ]; do case "$1" in --prompt) prompt="$2"; shift 2;; --tools) tools="$2"; shift 2;; --generate) model="$2"; shift 2;; *) shift;; esac; done
              [ -f "$model" ] || { echo '{"type":"error","message":"no model"}'; exit 1; }
              [ "$prompt" = refuse ] && { echo '{"type":"error","message":"The prompt is 9999 tokens."}'; exit 2; }
              echo "{\"type\":\"generation\",\"text\":\"reply to $prompt with [$tools]\"}"
              exit 0
            fi
            while [ $# -gt 0 ]; do case "$1" in --out) out="$2"; shift 2;; --seed) seed="$2"; shift 2;; *) shift;; esac; done
            echo '{"type":"phase","phase":"train","message":"training"}'
            echo '{"type":"sample","step":0,"prompt":"Hi","text":"x y"}'
            n=3; [ "$seed" = 7 ] && n=600
            for i in $(seq 1 $n); do
              echo "{\"type\":\"step\",\"step\":$i,\"steps\":$n,\"loss\":2.5,\"learning_rate\":0.001,\"tokens_per_second\":900,\"elapsed_ms\":$((i * 200))}"
              sleep 0.2
            done
            printf 'GGUF' > "$out"
            echo '{"type":"done","model_path":"x","steps":3,"final_loss":2.5,"parameters":1234,"bytes":4,"elapsed_ms":600}'
            """.Replace("\r\n", "\n", StringComparison.Ordinal));
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(command, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        App.Settings["Training:Command"] = command;
        App.Settings["Training:OutputDirectory"] = Output;
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = ClassroomAppFixture.InstructorPassword;
        Instructor = new WebUser(App);
        await Instructor.SignInAsync("prof", ClassroomAppFixture.InstructorPassword);
        var classroom = await Instructor.PostJsonAsync("/api/classes", new { name = "Training", requestsPerMinute = 0, tokensPerMinute = 0 }, HttpStatusCode.Created);
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
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}

/// <summary><c>/api/training</c> on the real app: ownership, queueing, bounds, cross-site refusal.</summary>
public sealed class TrainingApiTests(TrainingApiAppFixture fixture) : IClassFixture<TrainingApiAppFixture>
{
    [Fact]
    public async Task A_run_queues_behind_another_owner_only_its_owner_stops_it_and_it_ends_with_a_model()
    {
        // Ada's long run holds the slot; Bob's waits first in the queue.
        var ada = (await fixture.Ada.PostJsonAsync("/api/training/runs", new { preset = "tiny", learning_rate = 0.001, steps = 50, seed = 7 }, HttpStatusCode.Accepted))
            .GetProperty("id").GetString()!;
        await UntilAsync(fixture.Ada, ada, r => r.GetProperty("status").GetString() == "running");
        var accepted = await fixture.Bob.PostJsonAsync("/api/training/runs", new { steps = 50, seed = 1 }, HttpStatusCode.Accepted);
        var bob = accepted.GetProperty("id").GetString()!;
        Assert.Equal(1, accepted.GetProperty("queue_position").GetInt32());
        await fixture.Bob.PostJsonAsync("/api/training/runs", new { steps = 50, seed = 1 }, HttpStatusCode.TooManyRequests);

        // Bob can neither see nor stop Ada's run; the instructor sees it but stopping is the owner's.
        Assert.Equal(HttpStatusCode.NotFound, await fixture.Bob.StatusOfGetAsync($"/api/training/runs/{ada}"));
        await fixture.Bob.PostJsonAsync($"/api/training/runs/{ada}/stop", null, HttpStatusCode.NotFound);
        await fixture.Instructor.PostJsonAsync($"/api/training/runs/{ada}/stop", null, HttpStatusCode.NotFound);
        Assert.Equal(HttpStatusCode.OK, await fixture.Instructor.StatusOfGetAsync($"/api/training/runs/{ada}"));
        Assert.DoesNotContain((await fixture.Bob.GetJsonAsync("/api/training/runs")).EnumerateArray(), r => r.GetProperty("id").GetString() == ada);
        var queued = await fixture.Bob.GetJsonAsync($"/api/training/runs/{bob}");
        Assert.Equal("queued", queued.GetProperty("status").GetString());
        Assert.Equal(1, queued.GetProperty("queue_position").GetInt32());

        await UntilAsync(fixture.Ada, ada, r => r.GetProperty("points").GetArrayLength() >= 1);
        var stopped = await fixture.Ada.PostJsonAsync($"/api/training/runs/{ada}/stop", null, HttpStatusCode.OK);
        Assert.Equal(ada, stopped.GetProperty("id").GetString());
        var adaRun = await UntilAsync(fixture.Ada, ada, r => r.GetProperty("status").GetString() != "running");
        Assert.Equal("stopped", adaRun.GetProperty("status").GetString());
        Assert.True(adaRun.GetProperty("points").GetArrayLength() >= 1);

        var bobRun = await UntilAsync(fixture.Bob, bob, r => r.GetProperty("status").GetString() is "done" or "failed" or "stopped");
        Assert.Equal("done", bobRun.GetProperty("status").GetString());
        Assert.Equal(3, bobRun.GetProperty("points").GetArrayLength());
        Assert.Equal("Hi", bobRun.GetProperty("samples")[0].GetProperty("prompt").GetString());
        Assert.Equal(1234, bobRun.GetProperty("parameters").GetInt64());
        Assert.Equal($"trained-{bob}.gguf", bobRun.GetProperty("model_file").GetString());
        Assert.True(File.Exists(Path.Combine(fixture.Output, $"trained-{bob}.gguf")));
        Assert.DoesNotContain(fixture.Output, bobRun.GetRawText(), StringComparison.Ordinal); // no host path on the wire
    }

    [Fact]
    public async Task A_finished_runs_model_replies_to_its_owner_and_the_instructor_only_and_bad_requests_are_refused()
    {
        var bob = (await fixture.Bob.PostJsonAsync("/api/training/runs", new { steps = 50, seed = 1 }, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await UntilAsync(fixture.Bob, bob, r => r.GetProperty("status").GetString() is "done" or "failed" or "stopped");

        // The trainer's --generate gets the model, the message and the tools; its generation line is the answer.
        var reply = await fixture.Bob.PostJsonAsync($"/api/training/runs/{bob}/reply", new { prompt = "weather in Oslo", tools = new[] { "get_weather", "get_time" } }, HttpStatusCode.OK);
        Assert.Equal("reply to weather in Oslo with [get_weather,get_time]", reply.GetProperty("text").GetString());
        var plain = await fixture.Instructor.PostJsonAsync($"/api/training/runs/{bob}/reply", new { prompt = "hello" }, HttpStatusCode.OK);
        Assert.Equal("reply to hello with []", plain.GetProperty("text").GetString());
        await fixture.Ada.PostJsonAsync($"/api/training/runs/{bob}/reply", new { prompt = "hello" }, HttpStatusCode.NotFound);

        // Bad requests: an empty or over-long message, an unknown or repeated tool, the trainer's own refusal.
        foreach (var body in new object[]
                 {
                     new { prompt = " " }, new { prompt = new string('a', 501) }, new { prompt = "hi", tools = new[] { "rm_rf" } },
                     new { prompt = "hi", tools = new[] { "get_time", "get_time" } }, new { prompt = "refuse" },
                 })
        {
            using var response = await fixture.Bob.Http.PostAsync($"/api/training/runs/{bob}/reply",
                new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var detail = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("detail").GetString();
            Assert.False(string.IsNullOrWhiteSpace(detail));
        }

        // A run without a model yet: 409.
        var ada = (await fixture.Ada.PostJsonAsync("/api/training/runs", new { steps = 50, seed = 7 }, HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
        await fixture.Ada.PostJsonAsync($"/api/training/runs/{ada}/reply", new { prompt = "hello" }, HttpStatusCode.Conflict);
        await fixture.Ada.PostJsonAsync($"/api/training/runs/{ada}/stop", null, HttpStatusCode.OK);
        await UntilAsync(fixture.Ada, ada, r => r.GetProperty("status").GetString() is "stopped" or "done" or "failed");
    }

    [Theory]
    [InlineData("{\"preset\":\"default\"}", "\"preset\"")]
    [InlineData("{\"learning_rate\":0.01}", "\"learning_rate\"")]
    [InlineData("{\"learning_rate\":0.00001}", "\"learning_rate\"")]
    [InlineData("{\"steps\":10}", "\"steps\"")]
    [InlineData("{\"steps\":5000}", "\"steps\"")]
    [InlineData("{\"preset\":\"small\",\"steps\":1000}", "\"steps\"")]
    [InlineData("{\"seed\":-1}", "\"seed\"")]
    public async Task A_knob_out_of_bounds_is_a_400_naming_the_field(string body, string field)
    {
        using var response = await fixture.Bob.Http.PostAsync("/api/training/runs", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(field, JsonDocument.Parse(text).RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cross_site_start_is_refused_and_an_anonymous_one_too()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/training/runs")
        {
            Content = new StringContent("{\"steps\":50}", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        using var response = await fixture.Bob.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);

        using var anonymous = new WebUser(fixture.App);
        using var refused = await anonymous.Http.PostAsync("/api/training/runs", new StringContent("{\"steps\":50}", Encoding.UTF8, "application/json"));
        Assert.NotEqual(HttpStatusCode.Accepted, refused.StatusCode);
        Assert.DoesNotContain((await fixture.Instructor.GetJsonAsync("/api/training/runs")).EnumerateArray(),
            r => r.GetProperty("owner").GetString() is not { Length: > 0 });
    }

    private static async Task<JsonElement> UntilAsync(WebUser user, string id, Func<JsonElement, bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var run = await user.GetJsonAsync($"/api/training/runs/{id}");
            if (condition(run)) return run;
            Assert.True(DateTime.UtcNow < deadline, $"run {id} is still {run.GetProperty("status")}");
            await Task.Delay(100);
        }
    }
}
