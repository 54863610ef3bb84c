using System.Net;
using System.Text.Json;
using Workbench.Web.Tests.Hosting;

namespace Workbench.Web.Tests.Grading;

/// <summary>
/// Issue 10, findings 3 and 4, end to end: students of a class submit, through the lab's HTTP API on the real app
/// (real grader, bubblewrap sandbox, gateway and engine), lab 02 Solution.cs files whose <c>SlidingWindow</c>
/// attacks the sandbox: detached children (libc <c>system()</c>, <c>Process.Start</c> by reflection), files left
/// in <c>/tmp</c> and <c>/dev/shm</c> for the next submission, <c>kill(-1, 9)</c> during another student's
/// grading, reading host files, a fork bomb. Each asserts what the student and the host see afterwards. On the old
/// runner (<c>unshare --net --mount</c>, then user nobody, host PID namespace, host <c>/tmp</c>, no process limit)
/// each attack got through.
/// </summary>
public sealed class SandboxAttackApiTests(GradingClassroom classroom) : IClassFixture<GradingClassroom>
{
    private const int MaxScore = 8;
    private static readonly TimeSpan GradingTimeout = TimeSpan.FromSeconds(90); // the first grading waits for the worker

    [Fact]
    public async Task Submit_DetachedChildFromLibcSystem_IsGoneWhenTheResultArrives()
    {
        var marker = Marker(900);
        var student = await classroom.JoinAsync("Detacher");

        var result = await GradeAsync(student, WithAttack($$"""
            [DllImport("libc")] private static extern int system(string command);
            private static bool _done;

            public static void Run()
            {
                if (_done) return;
                _done = true;
                var status = system("setsid sleep {{marker}} > /dev/null 2>&1 < /dev/null &");
                if (status != 0) throw new InvalidOperationException("system() returned " + status);
            }
            """));

        AssertFullMarks(result); // the attack ran (system() succeeded) and the grading went on
        Assert.Empty(GradingClassroom.HostProcessesWith("sleep " + marker));
        Assert.Empty(classroom.RunFolders());
    }

    [Fact]
    public async Task Submit_ProcessStartByReflection_ChildIsGoneWhenTheResultArrives()
    {
        var marker = Marker(800);
        var student = await classroom.JoinAsync("Reflector");

        var result = await GradeAsync(student, WithAttack($$"""
            private static bool _done;

            public static void Run()
            {
                if (_done) return;
                _done = true;
                var processType = Type.GetType("System.Diagnostics.Process, System.Diagnostics.Process", throwOnError: true)!;
                var infoType = Type.GetType("System.Diagnostics.ProcessStartInfo, System.Diagnostics.Process", throwOnError: true)!;
                var info = Activator.CreateInstance(infoType, "/bin/sh", "-c \"sleep {{marker}}\"")!;
                foreach (var redirect in new[] { "RedirectStandardInput", "RedirectStandardOutput", "RedirectStandardError" })
                    infoType.GetProperty(redirect)!.SetValue(info, true);
                _ = processType.GetMethod("Start", [infoType])!.Invoke(null, [info])
                    ?? throw new InvalidOperationException("Process.Start returned null");
            }
            """));

        AssertFullMarks(result); // Process.Start returned a process and the grading went on
        Assert.Empty(GradingClassroom.HostProcessesWith("sleep " + marker));
        Assert.Empty(classroom.RunFolders());
    }

    [Fact]
    public async Task Submit_SecretInTmpAndDevShm_IsNotSeenByTheNextSubmissionNorOnTheHost()
    {
        var name = "wb-leak-" + Guid.NewGuid().ToString("N");
        var secret = "secret-" + Guid.NewGuid().ToString("N")[..12];
        var writer = await classroom.JoinAsync("Writer");
        var reader = await classroom.JoinAsync("Reader");

        var written = await GradeAsync(writer, WithAttack($$"""
            public static void Run()
            {
                File.WriteAllText("/tmp/{{name}}", "{{secret}}");
                File.WriteAllText("/dev/shm/{{name}}", "{{secret}}");
                throw new InvalidOperationException("wrote " + File.ReadAllText("/tmp/{{name}}") + " " + File.ReadAllText("/dev/shm/{{name}}"));
            }
            """));
        var read = await GradeAsync(reader, WithAttack($$"""
            public static void Run()
            {
                var found = new List<string>();
                foreach (var path in new[] { "/tmp/{{name}}", "/dev/shm/{{name}}" })
                {
                    try { found.Add(path + "=" + File.ReadAllText(path)); }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
                foreach (var folder in new[] { "/tmp", "/dev/shm" })
                {
                    try { found.AddRange(Directory.GetFileSystemEntries(folder).Where(e => e.Contains("wb-leak-"))); }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
                throw new InvalidOperationException("found: " + (found.Count == 0 ? "none" : string.Join(" ", found)));
            }
            """));

        Assert.Contains($"wrote {secret} {secret}", GradingClassroom.Messages(written)); // the writer's files existed in its sandbox
        var seen = GradingClassroom.Messages(read);
        Assert.Contains("found: none", seen);
        Assert.DoesNotContain(secret, seen);
        Assert.DoesNotContain(name, seen);
        Assert.False(File.Exists(Path.Combine("/tmp", name)));
        Assert.False(File.Exists(Path.Combine("/dev/shm", name)));
    }

    [Fact]
    public async Task Submit_KillMinusOneDuringAnotherStudentsGrading_TheVictimScoresFullMarks()
    {
        var marker = $"1.{Random.Shared.Next(100_000, 1_000_000)}"; // a sleep of 1.1 to 2 s
        var victim = await classroom.JoinAsync("Victim");
        var attacker = await classroom.JoinAsync("Killer");
        // The victim is graded for about 10 s: each call sleeps in a child the host can see (each check stays under
        // its 10 s timeout).
        var victimId = await GradingClassroom.SubmitAsync(victim, WithAttack($$"""
            [DllImport("libc")] private static extern int system(string command);
            private static readonly System.Diagnostics.Stopwatch Clock = System.Diagnostics.Stopwatch.StartNew();

            public static void Run()
            {
                if (Clock.Elapsed < TimeSpan.FromSeconds(10)) system("sleep {{marker}}");
            }
            """));
        await WaitForAsync(() => GradingClassroom.HostProcessesWith("sleep " + marker).Count > 0, GradingTimeout, "the victim's grading to start");

        var attack = await GradeAsync(attacker, WithAttack("""
            [DllImport("libc")] private static extern int kill(int pid, int signal);
            private static bool _done;

            public static void Run()
            {
                if (_done) return;
                _done = true;
                for (var i = 0; i < 20; i++) { kill(-1, 9); Thread.Sleep(50); }
            }
            """));
        var attackerDone = await victim.GetJsonAsync($"/api/submissions/{victimId}");
        var survived = (await GradingClassroom.WaitUntilGradedAsync(victim, victimId, GradingTimeout)).GetProperty("result");

        AssertFullMarks(survived);
        Assert.Equal("graded", attack.GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.NotEqual("graded", attackerDone.GetProperty("status").GetString(), StringComparer.OrdinalIgnoreCase); // the attack ran during the victim's grading
        Assert.Equal(HttpStatusCode.OK, await classroom.Instructor.StatusOfGetAsync("/healthz"));
    }

    [Fact]
    public async Task Submit_ReadingPasswdTheHiddenChecksAndTheModels_FindsNothing()
    {
        var checks = Path.Combine(TestPaths.RepoRoot, "labs", GradingClassroom.LabId, "exercises", GradingClassroom.ExerciseId, "checks", "Checks.cs");
        var models = TestPaths.SharedModels;
        Assert.True(File.Exists(checks) && File.Exists("/etc/passwd") && Directory.Exists(models));
        var student = await classroom.JoinAsync("Reader of files");

        var result = await GradeAsync(student, WithAttack($$"""
            public static void Run()
            {
                var found = new List<string>();
                foreach (var path in new[] { "/etc/passwd", {{Literal(checks)}}, {{Literal(Path.Combine(models, "MANIFEST.md"))}} })
                {
                    try { var text = File.ReadAllText(path); found.Add(path + "=" + text[..Math.Min(200, text.Length)]); }
                    catch (IOException) { }
                    catch (UnauthorizedAccessException) { }
                }
                try { found.AddRange(Directory.GetFileSystemEntries({{Literal(models)}})); }
                catch (IOException) { }
                catch (UnauthorizedAccessException) { }
                throw new InvalidOperationException("found: " + (found.Count == 0 ? "none" : string.Join(" | ", found)));
            }
            """));

        var seen = GradingClassroom.Messages(result);
        Assert.All(result.GetProperty("checks").EnumerateArray(), c => Assert.Contains("found: none", c.GetProperty("message").GetString()));
        Assert.DoesNotContain("root:", seen);
        Assert.DoesNotContain("OverLongMessage(CheckContext", seen);
        Assert.DoesNotContain(".gguf", seen);
        Assert.DoesNotContain(checks, seen);
    }

    [Fact]
    public async Task Submit_ForkBombFromLibcSystem_IsKilledAtTheProcessLimit()
    {
        var student = await classroom.JoinAsync("Bomber");

        var result = await GradeAsync(student, WithAttack("""
            [DllImport("libc")] private static extern int system(string command);
            private static bool _done;

            public static void Run()
            {
                if (_done) return;
                _done = true;
                system("b() { b | b & }; b");
                Thread.Sleep(9000); // the check's own timeout is 10 s: the process limit must stop it first
            }
            """));

        Assert.Equal("graded", result.GetProperty("outcome").GetString(), ignoreCase: true);
        Assert.StartsWith("killed: exceeded the limit of 128 processes and threads", result.GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.OK, await classroom.Instructor.StatusOfGetAsync("/healthz"));
        Assert.Empty(classroom.RunFolders());
    }

    /// <summary>A sleep duration in seconds that no other process on the host has on its command line.</summary>
    private static string Marker(int seconds) => $"{seconds + Random.Shared.Next(100)}.{Random.Shared.Next(100_000, 1_000_000)}";

    /// <summary><paramref name="text"/> as a C# string literal.</summary>
    private static string Literal(string text) => "\"" + text.Replace("\\", "\\\\").Replace("\"", "\\\"") + "\"";

    /// <summary>The reference solution with <c>Attack.Run()</c> called first in <c>SlidingWindow</c>, and the
    /// <c>Attack</c> class holding <paramref name="members"/>.</summary>
    private static string WithAttack(string members)
    {
        const string Opening = "Func<ChatMessage, int> countTokens)\n    {\n";
        var solution = GradingClassroom.ReferenceSolution.ReplaceLineEndings("\n");
        var at = solution.IndexOf(Opening, StringComparison.Ordinal);
        Assert.True(at > 0 && solution.IndexOf(Opening, at + 1, StringComparison.Ordinal) < 0, "the reference solution's SlidingWindow was not found once");
        var indented = string.Join("\n", members.ReplaceLineEndings("\n").Split('\n').Select(l => l.Length == 0 ? l : "    " + l));
        return "using System.Runtime.InteropServices;\n" + solution.Insert(at + Opening.Length, "        Attack.Run();\n") +
            $"\ninternal static class Attack\n{{\n{indented}\n}}\n";
    }

    private static async Task<JsonElement> GradeAsync(Auth.WebUser student, string solution)
    {
        var id = await GradingClassroom.SubmitAsync(student, solution);
        var submission = await GradingClassroom.WaitUntilGradedAsync(student, id, GradingTimeout);
        return submission.GetProperty("result");
    }

    private static void AssertFullMarks(JsonElement result)
    {
        Assert.True(result.GetProperty("score").GetInt32() == MaxScore && result.GetProperty("maxScore").GetInt32() == MaxScore,
            $"expected {MaxScore}/{MaxScore}: {result}");
    }

    private static async Task WaitForAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}");
            await Task.Delay(100);
        }
    }
}
