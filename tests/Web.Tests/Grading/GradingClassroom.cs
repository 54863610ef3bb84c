using System.Net;
using System.Text.Json;
using Workbench.Web.Tests.Auth;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Grading;

/// <summary>
/// The real app in classroom mode with one class for grading tests through the lab's HTTP API: an instructor
/// (<c>prof</c>) who created the class, students who join it, their submissions of lab 02's sliding-window
/// exercise, and what the host can see of the sandbox afterwards (processes, run folders). Start it with
/// <see cref="InitializeAsync"/> (xUnit does when it is a fixture); disposing it stops the app.
/// </summary>
public sealed class GradingClassroom : IAsyncLifetime
{
    /// <summary>The lab whose exercise is submitted.</summary>
    public const string LabId = "02-chat-history";

    /// <summary>The code exercise submitted.</summary>
    public const string ExerciseId = "sliding-window";

    private const string Password = "instructor-pass-1";
    private readonly List<WebUser> _students = [];
    private string _joinCode = "";

    /// <summary>The app (classroom mode, instructor <c>prof</c>).</summary>
    public WorkbenchAppFactory App { get; } = new();

    /// <summary>The signed-in instructor who owns the class.</summary>
    public WebUser Instructor { get; private set; } = null!;

    /// <summary>The class's id.</summary>
    public string ClassId { get; private set; } = "";

    /// <summary>The exercise's reference solution (<c>labs/02-chat-history/exercises/sliding-window/solution/Solution.cs</c>).</summary>
    public static string ReferenceSolution { get; } =
        File.ReadAllText(Path.Combine(TestPaths.RepoRoot, "labs", LabId, "exercises", ExerciseId, "solution", "Solution.cs"));

    public async Task InitializeAsync()
    {
        App.Settings["Lab:Mode"] = "Classroom";
        App.Settings["Lab:Instructor:UserName"] = "prof";
        App.Settings["Lab:Instructor:Password"] = Password;
        Instructor = new WebUser(App);
        await Instructor.SignInAsync("prof", Password);
        var classroom = await Instructor.PostJsonAsync("/api/classes", new { name = "Graded group", requestsPerMinute = 0, tokensPerMinute = 0 }, HttpStatusCode.Created);
        ClassId = classroom.GetProperty("id").GetString()!;
        _joinCode = classroom.GetProperty("joinCode").GetString()!;
    }

    /// <summary>A new student of the class, signed in.</summary>
    public async Task<WebUser> JoinAsync(string displayName)
    {
        var student = new WebUser(App);
        _students.Add(student);
        await student.JoinAsync(_joinCode, displayName);
        return student;
    }

    /// <summary>Submits <paramref name="solution"/> as the exercise's Solution.cs; returns the submission id.</summary>
    public static async Task<string> SubmitAsync(WebUser student, string solution)
    {
        var accepted = await student.PostJsonAsync($"/api/labs/{LabId}/exercises/{ExerciseId}/submissions",
            new { files = new Dictionary<string, string> { ["Solution.cs"] = solution } }, HttpStatusCode.Accepted);
        return accepted.GetProperty("id").GetString()!;
    }

    /// <summary>Polls the submission until it is graded (at most <paramref name="timeout"/>, default 120 s) and
    /// returns it; asserts that it holds a result.</summary>
    public static async Task<JsonElement> WaitUntilGradedAsync(WebUser student, string id, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(120));
        JsonElement submission;
        do
        {
            await Task.Delay(250);
            submission = await student.GetJsonAsync($"/api/submissions/{id}");
        }
        while (!string.Equals(submission.GetProperty("status").GetString(), "graded", StringComparison.OrdinalIgnoreCase) && DateTime.UtcNow < deadline);
        Assert.True(submission.GetProperty("result").ValueKind == JsonValueKind.Object, $"not graded in time: {submission}");
        return submission;
    }

    /// <summary>The result's summary and every check's message, one per line.</summary>
    public static string Messages(JsonElement result) =>
        string.Join("\n", [result.GetProperty("message").GetString() ?? "",
            .. result.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("message").GetString() ?? "")]);

    /// <summary>The ids of the host's processes whose command line contains <paramref name="text"/>.</summary>
    public static IReadOnlyList<int> HostProcessesWith(string text)
    {
        var found = new List<int>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), out var pid) || pid == Environment.ProcessId) continue;
            try
            {
                var commandLine = File.ReadAllText(Path.Combine(directory, "cmdline")).Replace('\0', ' ');
                if (commandLine.Contains(text, StringComparison.Ordinal)) found.Add(pid);
            }
            catch (IOException)
            {
                // The process ended while it was read.
            }
            catch (UnauthorizedAccessException)
            {
                // Not readable: not one the tests started.
            }
        }
        return found;
    }

    /// <summary>The sandbox run folders left on the host: under <c>{data}/sandbox</c>, or its fallback
    /// <c>{temp}/workbench-sandbox-&lt;hash&gt;</c> (<c>SandboxLauncher.ChooseRunRoot</c>).</summary>
    public IReadOnlyList<string> RunFolders()
    {
        var hash = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(App.DataDirectory)));
        string[] roots = [Path.Combine(App.DataDirectory, "sandbox"), Path.Combine(Path.GetTempPath(), "workbench-sandbox-" + hash[..12].ToLowerInvariant())];
        return [.. roots.Where(Directory.Exists).SelectMany(Directory.GetDirectories)];
    }

    public async Task DisposeAsync()
    {
        foreach (var student in _students) student.Dispose();
        Instructor?.Dispose();
        await App.DisposeAsync();
    }
}
