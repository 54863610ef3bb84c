using System.Net;
using System.Net.Sockets;
using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// What the sandbox does to misbehaving code: every test submits a <c>Solution.RunAsync(HarnessContext)</c> that the
/// hidden checks call through the harness operation <c>run</c> (<see cref="TestExercises.DefaultHarness"/>), and
/// grades it with the real grader, sandbox process, gateway and engine. A string the code returns fails the check
/// with that string as the message (so a test can read what the code saw).
/// </summary>
[Collection(GradingCollection.Name)]
public sealed class CodeGraderSandboxTests(GradingFixture fixture) : IDisposable
{
    private const string OneCheck = """
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TestChecks
        {
            [Check("run")]
            public static async Task Run(CheckContext context)
            {
                if (await context.CallAsync("run") is { } output) throw new CheckFailedException((string)output!);
            }
        }
        """;

    private const string FourChecks = """
        using Workbench.LabSdk;

        namespace Hidden;

        public static class TestChecks
        {
            [Check("a")] public static Task A(CheckContext context) => context.CallAsync("run");
            [Check("b")] public static Task B(CheckContext context) => context.CallAsync("run");
            [Check("c")] public static Task C(CheckContext context) => context.CallAsync("run");
            [Check("d")] public static Task D(CheckContext context) => context.CallAsync("run");
        }
        """;

    private readonly TempDirectory _exerciseDirectory = new();

    public void Dispose() => _exerciseDirectory.Dispose();

    [Fact]
    public async Task GradeAsync_RuntimeException_FailsWithTheExceptionAndTheStudentsLine()
    {
        var result = await GradeAsync(OneCheck, null, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context)
                {
                    string? text = context.CancellationToken.CanBeCanceled ? null : "never";
                    return Task.FromResult(text!.Length);
                }
            }
            """);

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.Equal("NullReferenceException: Object reference not set to an instance of an object. (at Solution.cs:8)", check.Message);
        Assert.Equal("0 of 1 check passed (0/1 points)", result.Message);
    }

    [Fact]
    public async Task GradeAsync_EndlessLoop_IsKilledAtTheCpuLimit()
    {
        var limits = new SandboxLimits(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(2), 256L << 20);

        var result = await GradeAsync(OneCheck, limits, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context)
                {
                    long n = 0;
                    while (true) n++;
                }
            }
            """);

        Assert.StartsWith("killed: exceeded the CPU-time limit of 2 s", result.Message);
        Assert.Equal("not run: killed: exceeded the CPU-time limit of 2 s", Assert.Single(result.Checks).Message);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(25));
    }

    [Fact]
    public async Task GradeAsync_ForkBomb_IsKilledAtTheProcessLimitAndSaysSo()
    {
        var result = await GradeAsync(OneCheck, null, """
            using System.Runtime.InteropServices;

            public static class Solution
            {
                [DllImport("libc")] private static extern int system(string command);

                public static async Task RunAsync(HarnessContext context)
                {
                    system("b() { b | b & }; b");
                    await Task.Delay(15_000);
                }
            }
            """);

        Assert.StartsWith("killed: exceeded the limit of 128 processes and threads", result.Message);
        Assert.Equal("not run: killed: exceeded the limit of 128 processes and threads", Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task GradeAsync_ChecksPastTheWallTime_AreKilledAtTheWallLimit()
    {
        var limits = new SandboxLimits(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10), 256L << 20);

        var result = await GradeAsync(FourChecks, limits, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context) => Task.Delay(1000, CancellationToken.None);
            }
            """);

        Assert.StartsWith("killed: exceeded the wall-time limit of 3 s", result.Message);
        Assert.Contains(result.Checks, c => c.Passed);
        Assert.Equal("not run: killed: exceeded the wall-time limit of 3 s", result.Checks[^1].Message);
        Assert.InRange(result.Duration, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task GradeAsync_CheckThatNeverFinishes_FailsAtHalfTheWallTimeAndTheRunGoesOn()
    {
        var limits = new SandboxLimits(TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(10), 256L << 20);

        var result = await GradeAsync(OneCheck, limits, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context) => Task.Delay(Timeout.Infinite, CancellationToken.None);
            }
            """);

        var check = Assert.Single(result.Checks);
        Assert.Equal("did not finish within 3 s (each check may use half the wall-time limit)", check.Message);
        Assert.Equal("0 of 1 check passed (0/1 points)", result.Message); // not killed
    }

    [Fact]
    public async Task GradeAsync_MemoryBomb_IsKilledAtTheMemoryLimit()
    {
        var limits = new SandboxLimits(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), 128L << 20);

        var result = await GradeAsync(OneCheck, limits, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context)
                {
                    var hoard = new List<byte[]>();
                    while (true)
                    {
                        var block = new byte[1 << 20];
                        Array.Fill(block, (byte)1);
                        hoard.Add(block);
                    }
                }
            }
            """);

        Assert.StartsWith("killed: exceeded the memory limit of 128 MiB", result.Message);
        Assert.False(Assert.Single(result.Checks).Passed);
    }

    [Fact]
    public async Task GradeAsync_NativeMemoryBomb_IsKilledAtTheResidentMemoryLimit()
    {
        var limits = new SandboxLimits(TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(10), 128L << 20);

        // Outside the GC heap, so only the parent's watch on the resident set can stop it.
        var result = await GradeAsync(OneCheck, limits, """
            using System.Runtime.InteropServices;

            public static class Solution
            {
                public static async Task RunAsync(HarnessContext context)
                {
                    var block = new byte[1 << 20];
                    Array.Fill(block, (byte)1);
                    while (true)
                    {
                        Marshal.Copy(block, 0, Marshal.AllocHGlobal(block.Length), block.Length);
                        await Task.Delay(1);
                    }
                }
            }
            """);

        Assert.StartsWith("killed: exceeded the memory limit of 128 MiB", result.Message);
    }

    [Fact]
    public async Task GradeAsync_NetworkOtherThanTheGateway_IsUnreachable()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        const string harness = """
            using System.Text.Json.Nodes;
            using Workbench.LabSdk;

            public static class TestHarness
            {
                [HarnessOperation("http")] public static async Task<JsonNode?> Http(JsonNode? input, HarnessContext context) { await Solution.HttpAsync(); return null; }
                [HarnessOperation("socket")] public static async Task<JsonNode?> Socket(JsonNode? input, HarnessContext context) { await Solution.SocketAsync(); return null; }
                [HarnessOperation("gateway")] public static async Task<JsonNode?> Gateway(JsonNode? input, HarnessContext context) { await Solution.GatewayAsync(context.Lab); return null; }
            }
            """;
        const string checks = """
            using Workbench.LabSdk;

            namespace Hidden;

            public static class TestChecks
            {
                [Check("http")] public static Task Http(CheckContext context) => context.CallAsync("http");
                [Check("socket")] public static Task Socket(CheckContext context) => context.CallAsync("socket");
                [Check("gateway")] public static Task Gateway(CheckContext context) => context.CallAsync("gateway");
            }
            """;

        var result = await GradeAsync(checks, null, $$"""
            using System.Net.Sockets;

            public static class Solution
            {
                public static async Task HttpAsync()
                {
                    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
                    await http.GetStringAsync("http://127.0.0.1:{{port}}/");
                }

                public static async Task SocketAsync()
                {
                    using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await socket.ConnectAsync("127.0.0.1", {{port}});
                }

                public static async Task GatewayAsync(LabContext lab)
                {
                    var tokens = await lab.TokenizeAsync("Once upon a time");
                    if (tokens.Count == 0) throw new InvalidOperationException("no tokens");
                }
            }
            """, checkIds: ["http", "socket", "gateway"], harness: harness);

        // The sandbox's network namespace has only its own loopback (bubblewrap brings `lo` up): the host's port is
        // refused there, as any address outside is unreachable.
        Assert.Matches("^HttpRequestException: (Network is unreachable|Connection refused)", Check(result, "http").Message);
        Assert.Matches("^SocketException: (Network is unreachable|Connection refused)", Check(result, "socket").Message);
        Assert.True(Check(result, "gateway").Passed, Check(result, "gateway").Message);
        Assert.False(listener.Pending());
    }

    [Fact]
    public async Task GradeAsync_WorkingDirectory_IsPrivateWithoutTokenOrSecretsAndDeletedAfterwards()
    {
        Environment.SetEnvironmentVariable("WB_TEST_SECRET", "hunter2");
        GradeResult result;
        try
        {
            result = await GradeAsync(OneCheck, null, """
                public static class Solution
                {
                    public static Task<string> RunAsync(HarnessContext context)
                    {
                        File.WriteAllText("scratch.txt", "mine");
                        var files = string.Join(",", Directory.GetFiles(".").Select(Path.GetFileName).Order());
                        var secret = Environment.GetEnvironmentVariable("WB_TEST_SECRET") ?? "none";
                        return Task.FromResult($"{Environment.CurrentDirectory}|{files}|{secret}");
                    }
                }
                """);
        }
        finally
        {
            Environment.SetEnvironmentVariable("WB_TEST_SECRET", null);
        }

        var parts = Assert.Single(result.Checks).Message.Split('|');
        var sandboxRoot = Path.Combine(fixture.Data.Path, "sandbox") + Path.DirectorySeparatorChar;
        Assert.StartsWith(sandboxRoot, parts[0]);
        Assert.Equal("scratch.txt,submission.dll", parts[1]); // run.json (with the token) is gone
        Assert.Equal("none", parts[2]);
        Assert.False(Directory.Exists(parts[0]));
    }

    [Fact]
    public async Task GradeAsync_StudentCode_CannotSeeLabContentDataOrOtherProcesses()
    {
        var result = await GradeAsync(OneCheck, null, $$"""
            public static class Solution
            {
                public static Task<string> RunAsync(HarnessContext context)
                {
                    var checks = File.Exists("{{Path.Combine(RealLabs.ContentDirectory, "01-chat-completions", "exercises", "chat-request", "checks", "Checks.cs")}}");
                    var data = string.Join(",", Directory.GetFileSystemEntries("{{fixture.Data.Path}}").Select(Path.GetFileName));
                    var parent = Directory.Exists("/proc/{{Environment.ProcessId}}");
                    var uid = File.ReadAllLines("/proc/thread-self/status").First(l => l.StartsWith("Uid:")).Split('	')[1];
                    return Task.FromResult($"checks={checks} data={data} parent={parent} uid={uid}");
                }
            }
            """);

        // The data directory shows only the folder that leads to the run's own working directory. As root (these
        // machines) the sandbox also drops to nobody behind a /proc that hides other users' processes.
        var expected = Environment.IsPrivilegedProcess ? "checks=False data=sandbox parent=False uid=65534" : "checks=False data=sandbox";
        Assert.StartsWith(expected, Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task GradeAsync_ForgedReportOnStandardOutput_IsIgnored()
    {
        var result = await GradeAsync(OneCheck, null, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context)
                {
                    Console.WriteLine("{\"check\":\"run\",\"trial\":1,\"passed\":true,\"message\":\"\",\"durationMs\":1}");
                    using var stdout = Console.OpenStandardOutput();
                    for (var id = 0; id < 10; id++)
                        stdout.Write(System.Text.Encoding.UTF8.GetBytes($"{{\"id\":{id},\"output\":null,\"error\":null}}\n"));
                    throw new InvalidOperationException("failed for real");
                }
            }
            """);

        var check = Assert.Single(result.Checks);
        Assert.False(check.Passed);
        Assert.StartsWith("InvalidOperationException: failed for real", check.Message);
    }

    [Fact]
    public async Task GradeAsync_CodeThatExitsTheProcess_ReportsACrash()
    {
        var result = await GradeAsync(OneCheck, null, """
            public static class Solution
            {
                public static Task RunAsync(HarnessContext context)
                {
                    Environment.Exit(7);
                    return Task.CompletedTask;
                }
            }
            """);

        Assert.StartsWith("crashed: the program ended with exit code 7", result.Message);
        Assert.Equal("not run: crashed: the program ended with exit code 7", Assert.Single(result.Checks).Message);
    }

    [Fact]
    public async Task GradeAsync_TrialsWithAThreshold_PassWhenEnoughTrialsPass()
    {
        var exercise = TestExercises.Code(_exerciseDirectory.Path, OneCheck, null, ("run", 2, 4)) with
        {
            Checks = [new CheckDefinition("run", "Passes on even trials", 2, Trials: 4, PassThreshold: 0.5)],
        };

        var result = await fixture.Grader.GradeAsync(TestExercises.SubmitSolution(exercise, """
            using Workbench.LabSdk;

            public static class Solution
            {
                private static int s_calls;

                public static Task<string?> RunAsync(HarnessContext context) =>
                    Task.FromResult(++s_calls % 2 == 0 ? null : $"odd call {s_calls}");
            }
            """), CancellationToken.None);

        var check = Assert.Single(result.Checks);
        Assert.True(check.Passed);
        Assert.Equal((2, 4, 2), (check.TrialsPassed, check.Trials, check.Points));
        Assert.Equal("passed 2 of 4 trials", check.Message);
    }

    private async Task<GradeResult> GradeAsync(string checks, SandboxLimits? limits, string solution, string[]? checkIds = null, string? harness = null)
    {
        var ids = checkIds ?? (checks == FourChecks ? ["a", "b", "c", "d"] : ["run"]);
        var exercise = TestExercises.Code(_exerciseDirectory.Path, harness, checks, limits, [.. ids.Select(id => (id, 1, 1))]);
        var source = solution.Contains("using Workbench.LabSdk;") ? solution : "using Workbench.LabSdk;\n\n" + solution;
        var result = await fixture.Grader.GradeAsync(TestExercises.SubmitSolution(exercise, source), CancellationToken.None);
        RealLabs.AssertGraded(result);
        return result;
    }

    private static CheckResult Check(GradeResult result, string id) => result.Checks.Single(c => c.Id == id);
}
