using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Workbench.Lab;
using Workbench.Lab.Storage;
using Workbench.Testing;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Recovery;

/// <summary>
/// Issue 3 §3: "a submission is written before grading and updated after, so nothing is lost: a test kills the
/// server process during grading, restarts it, and finds the submission present and gradable."
/// </summary>
public sealed class SubmissionRecoveryTests : IDisposable
{
    private const string LabId = "01-chat-completions";
    private const string ExerciseId = "chat-request";
    private readonly string _dataDirectory = Directory.CreateTempSubdirectory("wb-recovery-").FullName;

    [Fact]
    public async Task ServerKilledDuringGrading_Restarted_FindsTheSubmissionAndGradesIt()
    {
        // The reference solution, slowed down so grading is surely in progress when the server dies.
        var solution = await File.ReadAllTextAsync(Path.Combine(TestPaths.RepoRoot, "labs", LabId, "exercises", ExerciseId, "solution", "Solution.cs"));
        const string anchor = "using var http = lab.CreateHttpClient();";
        Assert.Contains(anchor, solution);
        var slowSolution = solution.Replace(anchor, anchor + "\n        await Task.Delay(700, cancellationToken);", StringComparison.Ordinal);

        string submissionId;
        await using (var first = await StartAppAsync())
        {
            using var http = first.CreateClient();
            var response = await http.PostAsJsonAsync($"api/labs/{LabId}/exercises/{ExerciseId}/submissions",
                new { files = new Dictionary<string, string> { ["Solution.cs"] = slowSolution } });
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            submissionId = (await response.Content.ReadFromJsonAsync<Accepted>())!.Id;

            // Wait until the grader has it (status Grading in the database), then kill the whole process tree.
            var store = OpenStore();
            await WaitForStatusAsync(store, submissionId, SubmissionStatus.Grading, TimeSpan.FromSeconds(60), first);
            await first.KillAsync();

            var stored = await store.FindSubmissionAsync(submissionId, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.Equal(SubmissionStatus.Grading, stored!.Status);
            Assert.Null(stored.Result);
            Assert.Equal(slowSolution, stored.Payload.Files["Solution.cs"]);
        }

        await using var second = await StartAppAsync();
        {
            var store = OpenStore();
            var graded = await WaitForStatusAsync(store, submissionId, SubmissionStatus.Graded, TimeSpan.FromSeconds(120), second);
            Assert.Equal(1, graded.Attempt);
            Assert.NotNull(graded.Result);
            Assert.True(graded.Result!.Score == graded.Result.MaxScore && graded.Result.MaxScore > 0,
                $"The reference solution should pass every check after the restart: {graded.Result.Message}\n" +
                string.Join("\n", graded.Result.Checks.Select(c => $"{c.Id}: {c.Passed} {c.Message}")));
            var all = await store.ListSubmissionsAsync(graded.UserId, LabId, ExerciseId, CancellationToken.None);
            Assert.Single(all);
        }

        using var client = second.CreateClient();
        var view = await client.GetAsync($"api/submissions/{submissionId}");
        Assert.Equal(HttpStatusCode.OK, view.StatusCode);
        Assert.Contains("\"graded\"", await view.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }

    private LabStore OpenStore() => new(LabConnectionFactory.FromOptions(new LabOptions { DataDirectory = _dataDirectory }));

    // The apphost the Web project reference puts beside this test assembly, in self-paced mode on the tiny model.
    private Task<WebAppProcess> StartAppAsync() => WebAppProcess.StartAsync(
        Path.Combine(AppContext.BaseDirectory, "Workbench.Web"), Path.Combine(TestPaths.RepoRoot, "src", "Web"), _dataDirectory,
        [$"--Engine:DefaultModel={TestPaths.TinyStories}", "--Lab:Mode=SelfPaced"], TimeSpan.FromSeconds(90));

    private static async Task<Submission> WaitForStatusAsync(ILabStore store, string id, SubmissionStatus status, TimeSpan timeout, WebAppProcess app)
    {
        var clock = Stopwatch.StartNew();
        Submission? last = null;
        while (clock.Elapsed < timeout)
        {
            last = await store.FindSubmissionAsync(id, CancellationToken.None);
            if (last?.Status == status) return last;
            await Task.Delay(20);
        }
        throw new TimeoutException($"Submission {id} did not reach {status} (last: {last?.Status}).\n{app.Log}");
    }

    private sealed record Accepted(string Id, int Attempt, string Status);
}
