using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Workbench.Bench;

/// <summary>
/// Issue 3 §7: grading latency of lab 01's code exercise, warm, and a burst of simulated students submitting at
/// once, through the whole real stack: the built Workbench.Web in classroom mode (its engine worker, SQLite, the
/// Roslyn compiler, the sandbox and the grading gateway). Each student is an HTTP client with its own cookie that
/// joined the class through the real join form. Latency is measured by the client: from sending the submission to
/// seeing it graded (polling <c>GET /api/submissions/{id}</c> every 20 ms).
/// </summary>
internal static partial class GradingBench
{
    private const string LabId = "01-chat-completions", ExerciseId = "chat-request", Password = "bench-instructor-secret";

    public const string Usage = "grading [--students 40] [--warm-runs 10] [--threads 1] [--grading-concurrency 2] [--web-app path] [--out docs/PERFORMANCE.md]";

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var values = BenchArguments.Parse(args, Usage);
        int students = BenchArguments.Int(values, "students", 40);
        int warmRuns = BenchArguments.Int(values, "warm-runs", 10);
        string threads = values.GetValueOrDefault("threads", "1");
        string concurrency = values.GetValueOrDefault("grading-concurrency", "2");
        var options = BenchOptions.Parse(values.TryGetValue("web-app", out var webApp) ? ["--web-app", webApp] : []);
        string appHost = await new WebAppLocator(options).GetAsync(cancellationToken);
        string solution = await File.ReadAllTextAsync(
            Path.Combine(options.RepoRoot, "labs", LabId, "exercises", ExerciseId, "solution", "Solution.cs"), cancellationToken);

        var dataDirectory = Directory.CreateTempSubdirectory("wb-grading-bench-").FullName;
        var environment = new Dictionary<string, string>
        {
            ["Lab__Mode"] = "Classroom", ["Lab__Instructor__Password"] = Password, ["Lab__DataDirectory"] = dataDirectory,
            ["Lab__GradingConcurrency"] = concurrency, ["Engine__Threads"] = threads, ["Engine__DefaultModel"] = options.ModelPath,
        };
        var machine = MachineInfo.Read();
        Console.WriteLine($"{machine.Cpu}, {machine.Cores} cores; {students} students, grading concurrency {concurrency}, {threads} engine thread(s)");
        try
        {
            await using var app = await AppProcess.StartAsync(appHost, worker: false, environment, options.RepoRoot, cancellationToken);
            var instructor = new Session(app.BaseAddress);
            await instructor.PostFormAsync("account/login", "account/login",
                new() { ["userName"] = "instructor", ["password"] = Password, ["returnUrl"] = "/" }, cancellationToken);
            using var created = await instructor.Http.PostAsJsonAsync("api/classes",
                new { name = "Grading benchmark", requestsPerMinute = 0, tokensPerMinute = 0 }, cancellationToken);
            created.EnsureSuccessStatusCode();
            var joinCode = (await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("joinCode").GetString()!;

            var sessions = new List<Session>();
            for (int i = 0; i < students; i++)
            {
                var student = new Session(app.BaseAddress);
                await student.PostFormAsync("join", "account/join", new() { ["joinCode"] = joinCode, ["displayName"] = $"Student {i + 1:00}" }, cancellationToken);
                sessions.Add(student);
            }
            Console.WriteLine($"  class {joinCode}: {students} students joined");

            // Warm: one student submits the reference solution repeatedly, one at a time (the first run warms up).
            var cold = await SubmitAndWaitAsync(sessions[0], solution, cancellationToken);
            var warm = new List<Graded>();
            for (int i = 0; i < warmRuns; i++) warm.Add(await SubmitAndWaitAsync(sessions[0], solution, cancellationToken));
            Console.WriteLine($"  cold {cold.ClientMs:F0} ms; warm median {BenchArguments.Percentile(warm.Select(w => w.ClientMs), 50):F0} ms");

            // Burst: every student submits at the same moment.
            var clock = Stopwatch.StartNew();
            var burst = await Task.WhenAll(sessions.Select(s => SubmitAndWaitAsync(s, solution, cancellationToken)));
            double wallSeconds = clock.Elapsed.TotalSeconds;
            int allGraded = burst.Count(b => b.Status == "graded"), fullMarks = burst.Count(b => b.Score == b.MaxScore && b.MaxScore > 0);
            int distinct = burst.Select(b => b.Id).Distinct().Count();
            Console.WriteLine($"  burst: {allGraded}/{students} graded, {fullMarks} full marks, {distinct} distinct, {wallSeconds:F1} s");

            string markdown = Report(machine, students, concurrency, threads, cold, warm, burst, wallSeconds);
            if (values.TryGetValue("out", out var output))
            {
                PerformanceDocument.WriteSection(output, "grading", markdown, area: "lab-platform");
                Console.WriteLine($"Wrote {output}");
            }
            else
            {
                Console.WriteLine(markdown);
            }
            return allGraded == students && fullMarks == students && distinct == students ? 0 : 1;
        }
        finally
        {
            try { Directory.Delete(dataDirectory, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    private static async Task<Graded> SubmitAndWaitAsync(Session student, string solution, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        using var response = await student.Http.PostAsJsonAsync($"api/labs/{LabId}/exercises/{ExerciseId}/submissions",
            new { files = new Dictionary<string, string> { ["Solution.cs"] = solution } }, cancellationToken);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"Submit answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("id").GetString()!;
        while (true)
        {
            var view = await student.Http.GetFromJsonAsync<JsonElement>($"api/submissions/{id}", cancellationToken);
            var status = view.GetProperty("status").GetString()!;
            if (status == "graded")
            {
                var result = view.GetProperty("result");
                return new Graded(id, status, clock.Elapsed.TotalMilliseconds, result.GetProperty("durationMs").GetDouble(),
                    result.GetProperty("score").GetInt32(), result.GetProperty("maxScore").GetInt32());
            }
            if (clock.Elapsed > TimeSpan.FromMinutes(10)) return new Graded(id, status, clock.Elapsed.TotalMilliseconds, 0, 0, 0);
            await Task.Delay(20, cancellationToken);
        }
    }

    private static string Report(MachineInfo machine, int students, string concurrency, string threads, Graded cold, List<Graded> warm, Graded[] burst, double wallSeconds)
    {
        static string Row(string name, IReadOnlyCollection<double> ms) =>
            $"| {name} | {ms.Count} | {BenchArguments.Percentile(ms, 50):F0} | {BenchArguments.Percentile(ms, 95):F0} | {ms.Max():F0} |";
        var text = new StringBuilder();
        text.AppendLine("### Grading latency (lab 01 code exercise, reference solution)");
        text.AppendLine();
        var measured = string.Create(CultureInfo.InvariantCulture,
            $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine.Cpu}, {machine.Cores} cores, load {machine.LoadAverage}: the built Workbench.Web in classroom mode (SQLite, grading concurrency {concurrency}, {threads} engine thread(s), TinyStories-656K), {students} students joined through `/account/join`.");
        text.AppendLine(measured + " Client time is from sending the submission to reading it graded (polling every 20 ms); server time is the grader's own " +
            "`duration` (compile, then the sandbox run of 4 checks × 2 trials, each a real chat completion). Milliseconds.");
        text.AppendLine();
        text.AppendLine("| run | n | p50 | p95 | max |");
        text.AppendLine("|---|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| cold (first submission after start) | 1 | {cold.ClientMs:F0} | | |");
        text.AppendLine(Row("warm, one at a time — client", warm.Select(w => w.ClientMs).ToList()));
        text.AppendLine(Row("warm, one at a time — server", warm.Select(w => w.ServerMs).ToList()));
        text.AppendLine(Row($"{students} at once — client", burst.Select(b => b.ClientMs).ToList()));
        text.AppendLine(Row($"{students} at once — server", burst.Select(b => b.ServerMs).ToList()));
        text.AppendLine();
        int graded = burst.Count(b => b.Status == "graded"), full = burst.Count(b => b.Score == b.MaxScore && b.MaxScore > 0);
        int distinct = burst.Select(b => b.Id).Distinct().Count();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture,
            $"Burst: {graded} of {students} graded, {full} with full marks, {distinct} distinct submissions (none lost), all done in {wallSeconds:F1} s ({students / wallSeconds:F1} submissions/s)."));
        return text.ToString();
    }

    private sealed record Graded(string Id, string Status, double ClientMs, double ServerMs, int Score, int MaxScore);

    /// <summary>One browser-like user: a cookie jar, and form posts carrying the antiforgery token of the form's page.</summary>
    private sealed partial class Session(Uri baseAddress)
    {
        public HttpClient Http { get; } = new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false })
        {
            BaseAddress = baseAddress,
            Timeout = TimeSpan.FromMinutes(5),
        };

        public async Task PostFormAsync(string page, string action, Dictionary<string, string> fields, CancellationToken cancellationToken)
        {
            var html = await Http.GetStringAsync(page, cancellationToken);
            var token = TokenPattern().Match(html);
            if (!token.Success) throw new InvalidOperationException($"No antiforgery token on /{page}.");
            fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(token.Groups[1].Value);
            using var response = await Http.PostAsync(action, new FormUrlEncodedContent(fields), cancellationToken);
            var location = response.Headers.Location?.ToString() ?? "";
            if ((int)response.StatusCode >= 400 || location.Contains("error=", StringComparison.Ordinal))
                throw new InvalidOperationException($"POST /{action} failed: {(int)response.StatusCode} {location}");
        }

        [GeneratedRegex("name=\"__RequestVerificationToken\"[^>]*value=\"([^\"]+)\"")]
        private static partial Regex TokenPattern();
    }
}
