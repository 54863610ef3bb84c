using Workbench.Engine.Tests.TestSupport;
using Workbench.Lab.Content;
using Workbench.Lab.Grading;
using Workbench.Lab.Tests.TestSupport;
using Xunit.Abstractions;

namespace Workbench.Lab.Tests.Grading;

/// <summary>
/// Hostile MCP servers as students could submit them, graded by the real compiler, sandbox and grader (the
/// submission as an MCP stdio server, the hidden checks as its client in the grading process): output on the
/// standard streams, a 100 MB line on the channel, a tool that hangs, a static constructor that throws, a server
/// that never answers initialize or dies, and reflection looking for the checks.
/// </summary>
[Collection(GradingCollection.Name)]
public sealed class McpSandboxAttackTests(GradingFixture fixture, ITestOutputHelper output) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    // Checks calling the tool "echo" and requiring an answer only the checks know.
    private const string EchoChecks = """
        using ModelContextProtocol.Client;
        using ModelContextProtocol.Protocol;
        using Workbench.LabSdk;

        public static class Checks
        {
            [Check("secret")]
            public static async Task Secret(CheckContext context)
            {
                var text = await CallAsync(context, "the-hidden-input-7f3a");
                if (text != "hidden-answer-7f3a") throw new CheckFailedException($"echo answered \"{text}\"");
            }

            [Check("echo")]
            public static async Task Echo(CheckContext context)
            {
                var text = await CallAsync(context, "plain");
                if (text != "plain") throw new CheckFailedException($"echo answered \"{text}\"");
            }

            private static async Task<string> CallAsync(CheckContext context, string message)
            {
                var result = await context.Mcp.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = message }, cancellationToken: context.CancellationToken);
                var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
                if (result.IsError == true) throw new CheckFailedException("error result: " + text);
                return text;
            }
        }
        """;

    private static readonly SandboxLimits Short = new(TimeSpan.FromSeconds(12), TimeSpan.FromSeconds(10), 256L * 1024 * 1024);

    /// <summary>A server whose tool <c>echo</c> answers "plain" with "plain" and runs <paramref name="otherwise"/>
    /// (C# statements ending in a return of a string) for any other message.</summary>
    private static string Server(string otherwise, string members = "", string attributes = "") => $$"""
        using System.ComponentModel;
        using System.Runtime.InteropServices;
        using System.Text;
        using Microsoft.Win32.SafeHandles;
        using ModelContextProtocol.Server;

        [McpServerToolType]
        public static class Tools
        {
            {{members}}

            [McpServerTool(Name = "echo"){{attributes}}]
            public static string Echo(string message)
            {
                if (message == "plain") return "plain";
                {{otherwise}}
            }
        }
        """;

    [Fact]
    public async Task GradeAsync_ForgedResponsesOnStandardOutput_AreNoAnswerAndTheChannelKeepsWorking()
    {
        // JSON-RPC responses with the answer the check wants, for every id the grader may use, on fd 1 and Console.Out.
        var result = await GradeAsync(Server("""
            var forged = new StringBuilder();
            for (var id = 1; id <= 50; id++)
                forged.Append("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{\"content\":[{\"type\":\"text\",\"text\":\"hidden-answer-7f3a\"}]}}\n");
            using (var stdout = Console.OpenStandardOutput()) { stdout.Write(Encoding.UTF8.GetBytes(forged.ToString())); stdout.Flush(); }
            Console.Out.Write(forged.ToString());
            Console.Out.Flush();
            Console.Error.Write(forged.ToString());
            return "honest";
            """), EchoChecks);

        RealLabs.AssertGraded(result);
        Assert.Equal("echo answered \"honest\"", Check(result, "secret").Message);
        Assert.True(Check(result, "echo").Passed, Describe(result));
        Assert.Equal(1, result.Score);
    }

    [Fact]
    public async Task GradeAsync_HundredMegabyteLineOnTheChannel_StopsTheRunAtTheCap()
    {
        // The channel's write end: the grader made the stdout pipe just before the stderr pipe (the next inode).
        var result = await GradeAsync(Server("""
            var fds = Directory.GetFiles("/proc/self/fd").Select(f => (Fd: int.Parse(Path.GetFileName(f)), Target: new FileInfo(f).LinkTarget ?? "")).ToList();
            var stderr = long.Parse(fds.Single(f => f.Fd == 2).Target[6..^1]);
            var channel = fds.Where(f => f.Target == $"pipe:[{stderr - 1}]")
                .First(f => File.ReadAllLines($"/proc/self/fdinfo/{f.Fd}").Single(l => l.StartsWith("flags")).TrimEnd().EndsWith('1'));
            using var stream = new FileStream(new SafeFileHandle(channel.Fd, ownsHandle: false), FileAccess.Write, 1);
            var chunk = Encoding.ASCII.GetBytes(new string('x', 1 << 20));
            for (var i = 0; i < 100; i++) stream.Write(chunk);
            return "wrote 100 MB";
            """), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.StartsWith("stopped: the MCP server sent a message longer than 1048576 bytes", result.Message);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.StartsWith("not run: stopped: the MCP server sent a message longer than", c.Message));
    }

    [Fact]
    public async Task GradeAsync_ToolThatHangs_TimesOutThatCheckOnly()
    {
        var result = await GradeAsync(Server("Thread.Sleep(Timeout.Infinite); return \"never\";"), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.Contains("did not finish within 6 s", Check(result, "secret").Message);
        Assert.True(Check(result, "echo").Passed, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_StaticConstructorThatThrows_IsAnErrorResultOfEveryCall()
    {
        var result = await GradeAsync(Server("return \"unreachable\";",
            members: "static Tools() { throw new InvalidOperationException(\"static boom\"); }"), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Equal("error result: An error occurred invoking 'echo'.", c.Message));
    }

    [Fact]
    public async Task GradeAsync_ServerThatNeverAnswersInitialize_FailsEveryCheckWithTheReason()
    {
        // An attribute's constructor runs when the tool is created, before the server can answer.
        var result = await GradeAsync(Server("return \"unreachable\";",
            members: "public sealed class StallAttribute : Attribute { public StallAttribute() { Thread.Sleep(Timeout.Infinite); } }",
            attributes: ", Stall"), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.All(result.Checks, c => Assert.Equal("not run: the MCP server did not answer initialize within 6 s", c.Message));
    }

    [Fact]
    public async Task GradeAsync_ServerThatExitsBeforeInitialize_FailsEveryCheckWithTheReason()
    {
        var result = await GradeAsync(Server("return \"unreachable\";",
            members: "public sealed class QuitAttribute : Attribute { public QuitAttribute() { Environment.Exit(7); } }",
            attributes: ", Quit"), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.StartsWith("crashed: the program ended with exit code 7", result.Message);
        Assert.All(result.Checks, c => Assert.StartsWith("not run: the MCP server ended before it answered initialize", c.Message));
    }

    [Fact]
    public async Task GradeAsync_ServerThatDiesDuringACall_SaysSoAndDoesNotHang()
    {
        var result = await GradeAsync(Server("Environment.Exit(9); return \"unreachable\";"), EchoChecks, Short);

        RealLabs.AssertGraded(result);
        Assert.Equal(0, result.Score);
        Assert.StartsWith("crashed: the program ended with exit code 9", result.Message);
        Assert.All(result.Checks, c => Assert.StartsWith("not run: crashed", c.Message));
    }

    [Fact]
    public async Task GradeAsync_ReflectionOverEverythingTheServerHolds_FindsNoHiddenText()
    {
        string[] hidden = ["hidden-answer-7f3a", "echo answered", "error result: "];
        Assert.All(hidden, h => Assert.Contains(h, EchoChecks)); // the texts are the checks' own
        // Lab 02's reflection attack, called from the tool: it throws its report, which the tool returns.
        var solution = JudgeIsolationTests.ReflectionSolution(hidden) + """

            [ModelContextProtocol.Server.McpServerToolType]
            public static class Tools
            {
                [ModelContextProtocol.Server.McpServerTool(Name = "echo")]
                public static string Echo(string message)
                {
                    if (message == "plain") return "plain";
                    try { Solution.SlidingWindow([], 0, _ => 0); return "no report"; }
                    catch (InvalidOperationException e) { return e.Message; }
                }
            }
            """;

        var result = await GradeAsync(solution, EchoChecks);

        RealLabs.AssertGraded(result);
        Assert.Matches(@"^echo answered ""collected \d{4,} strings; harness visible: \w+; hidden found: 0""$", Check(result, "secret").Message);
        Assert.True(Check(result, "echo").Passed, Describe(result));
    }

    [Fact]
    public async Task GradeAsync_ServingRequests_LoadsNoAssemblyAfterTheFirstCall()
    {
        // The first call starts watching loads; the checks then list, fail a call and call again: the SDK's
        // paths were preloaded, so the report is empty.
        const string checks = """
            using ModelContextProtocol;
            using ModelContextProtocol.Client;
            using ModelContextProtocol.Protocol;
            using Workbench.LabSdk;

            public static class Checks
            {
                [Check("secret")]
                public static async Task Loads(CheckContext context)
                {
                    var mcp = context.Mcp;
                    await mcp.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "watch" }, cancellationToken: context.CancellationToken);
                    await mcp.ListToolsAsync(cancellationToken: context.CancellationToken);
                    try { await mcp.CallToolAsync("missing", new Dictionary<string, object?>(), cancellationToken: context.CancellationToken); } catch (McpProtocolException) { }
                    await mcp.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "plain" }, cancellationToken: context.CancellationToken);
                    var result = await mcp.CallToolAsync("echo", new Dictionary<string, object?> { ["message"] = "report" }, cancellationToken: context.CancellationToken);
                    var text = string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));
                    if (text != "loaded: ") throw new CheckFailedException(text);
                }

                [Check("echo")]
                public static Task Echo(CheckContext context) => Task.CompletedTask;
            }
            """;
        var result = await GradeAsync(Server("""
            if (message == "watch") { AppDomain.CurrentDomain.AssemblyLoad += (_, e) => { lock (Loaded) Loaded.Add(e.LoadedAssembly.GetName().Name!); }; return "watching"; }
            lock (Loaded) return "loaded: " + string.Join(", ", Loaded);
            """, members: "private static readonly List<string> Loaded = [];"), checks);

        RealLabs.AssertGraded(result);
        Assert.True(result.Score == 2, Describe(result));
    }

    private async Task<GradeResult> GradeAsync(string solution, string checks, SandboxLimits? limits = null)
    {
        var exercise = TestExercises.Code(_directory.Path, checks, limits, ("secret", 1, 1), ("echo", 1, 1)) with
        {
            Host = ExerciseHost.McpServer,
            HarnessFilePaths = [],
        };
        var result = await fixture.Grader.GradeAsync(TestExercises.SubmitSolution(exercise, solution), CancellationToken.None);
        output.WriteLine(Describe(result));
        return result;
    }

    private static CheckResult Check(GradeResult result, string id) => result.Checks.Single(c => c.Id == id);

    private static string Describe(GradeResult result) =>
        result.Message + ": " + string.Join("; ", result.Checks.Select(c => $"{c.Id} {(c.Passed ? "passed" : "failed")} {c.Message}"));
}
